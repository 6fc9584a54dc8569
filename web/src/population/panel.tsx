/**
 * The population-data check on the desk's dossier page (a lazy chunk): the latest result, and for a mismatch
 * each differing field with the declared and the registry's value — shown beside the actions so the officer
 * sees it before accepting. Acceptance is not blocked (docs/integrations.md): the officer decides.
 */
import { useState } from 'react';
import { api, get } from '../lib/api.ts';
import { registerMessages, useI18n } from '../lib/i18n.tsx';
import { useAsync } from '../lib/use-async.ts';
import { formatDate, formatDateTime } from '../lib/format.ts';
import { ErrorBox, Notice } from '../ui/page.tsx';
import type { PopulationCheck, PopulationCheckView } from '../../../src/modules/integrations/contracts.ts';
import { en, vi } from './messages.ts';

registerMessages(vi, en);

export default function PopulationCheckPanel({ code, beforeAcceptance }: { code: string; beforeAcceptance: boolean }) {
  const { t } = useI18n();
  const load = useAsync(() => get<PopulationCheckView>(`/api/dossiers/${encodeURIComponent(code)}/population-check`), [code]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const v = load.data;
  if (!v || !v.applies) return load.error ? <ErrorBox error={load.error} /> : null;
  const latest = v.latest;
  const check = async () => {
    setBusy(true);
    setError(null);
    try {
      await api<PopulationCheckView>('POST', `/api/dossiers/${encodeURIComponent(code)}/population-check`);
      await load.reload();
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="pop-h" className={`pop-check${latest ? ` pop-${latest.result}` : ''}`}>
      <h2 id="pop-h">{t('pop.title')}</h2>
      {!v.connected ? <p className="muted">{t('pop.notConnected')}</p> : !v.identityNumberGiven ? <p className="muted">{t('pop.noNumber')}</p> : null}
      {latest ? <CheckLine c={latest} /> : v.connected && v.identityNumberGiven ? <p>{t('pop.none')}</p> : null}
      {latest?.result === 'mismatch' && (
        <>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('pop.field')}</th>
                  <th scope="col">{t('pop.declared')}</th>
                  <th scope="col">{t('pop.registry')}</th>
                </tr>
              </thead>
              <tbody>
                {latest.differences.map((d) => (
                  <tr key={d.field}>
                    <th scope="row">{t(`pop.field.${d.field}`)}</th>
                    <td>{shown(d.field, d.declared)}</td>
                    <td>{shown(d.field, d.registry)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {beforeAcceptance && <Notice kind="warning">{t('pop.warning')}</Notice>}
        </>
      )}
      {latest?.result === 'not_found' && beforeAcceptance && <Notice kind="warning">{t('pop.notFoundWarning')}</Notice>}
      {latest?.result === 'unavailable' && <p className="muted">{t('pop.retrying')}</p>}
      <ErrorBox error={error} />
      {v.connected && v.identityNumberGiven && (
        <p>
          <button type="button" onClick={() => void check()} disabled={busy}>
            {busy ? t('pop.checking') : t('pop.check')}
          </button>
        </p>
      )}
      {v.checks.length > 1 && (
        <details>
          <summary>{t('pop.history', { n: v.checks.length })}</summary>
          <ul>
            {v.checks.map((c, i) => (
              <li key={i}>
                <CheckLine c={c} />
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

/** A registry birth date may be a year only (YYYY). */
function shown(field: string, value: string | null) {
  if (!value) return '—';
  return field === 'birthDate' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDate(value) : value;
}

function CheckLine({ c }: { c: PopulationCheck }) {
  const { t } = useI18n();
  return (
    <p className="pop-line">
      <strong>{t(`pop.result.${c.result}`)}</strong> — {formatDateTime(c.at)} ({t(`pop.trigger.${c.trigger}`)}
      {c.checkedBy ? `, ${c.checkedBy}` : ''}){c.error ? <span className="muted"> — {c.error}</span> : null}
    </p>
  );
}
