/**
 * One survey round: its frame, sample and strata; drawing the sample with a seed; the sample list to
 * download (XLSX or CSV from the server, which checks the scope and writes the audit log: it holds
 * personal data); the printed invitations of an open round (a PDF, audited the same way); closing; and the results — per factor the satisfied share with its Wilson 95 % interval,
 * the SIPAS index, the expectation − perception gaps, per unit and per unit × field, response rates.
 * Result tables download as XLSX/CSV in the browser (lib/export-table.ts), holding what the screen shows.
 */
import { useState } from 'react';
import { api, get } from '../lib/api.ts';
import { pick, useI18n } from '../lib/i18n.tsx';
import { Link } from '../lib/router.tsx';
import { useAsync } from '../lib/use-async.ts';
import { useSave } from '../lib/use-save.ts';
import { formatDate, formatDateTime, formatNumber } from '../lib/format.ts';
import { ErrorBox, Loading, Notice, Page } from '../ui/page.tsx';
import { TextField } from '../ui/field.tsx';
import { DataTable, formatRate, type ViewColumn } from '../dashboard/data-table.tsx';
import type { RoundResults, RoundView } from '../../../src/modules/surveys/contracts.ts';
import type { T } from '../lib/i18n.tsx';

type Factor = RoundResults['factors'][number];
type Group = RoundResults['byUnit'][number];
const FACTORS = ['access', 'procedure', 'servant', 'result', 'feedback'] as const;

export function RoundPage({ id }: { id: string }) {
  const { t } = useI18n();
  const round = useAsync(() => get<RoundView>(`/api/surveys/rounds/${encodeURIComponent(id)}`), [id]);
  const [drawn, setDrawn] = useState<number | null>(null);
  const [seed, setSeed] = useState('');
  const sample = useSave();
  const close = useSave();
  const r = round.data;
  const draw = () =>
    void sample.run(async () => {
      const s = await api<{ invited: number }>('POST', `/api/surveys/rounds/${encodeURIComponent(id)}/sample`, seed.trim() ? { seed: seed.trim() } : {});
      setDrawn(s.invited);
      await round.reload();
    });
  const doClose = () => {
    if (!confirm(t('sv.confirmClose'))) return;
    void close.run(async () => {
      await api('POST', `/api/surveys/rounds/${encodeURIComponent(id)}/close`);
      await round.reload();
    });
  };
  return (
    <Page title={r ? r.name : t('sv.title')} actions={<Link href="/quan-ly/khao-sat">{t('sv.back')}</Link>}>
      <ErrorBox error={round.error} />
      {!r && round.loading && <Loading />}
      {r && (
        <>
          <dl className="facts">
            <dt>{t('sv.unitCol')}</dt>
            <dd lang="vi">{r.orgName}</dd>
            <dt>{t('sv.period')}</dt>
            <dd>
              {formatDate(r.from)} – {formatDate(r.to)}
            </dd>
            <dt>{t('sv.status')}</dt>
            <dd data-status={r.status}>{t(`sv.status.${r.status}`)}</dd>
            <dt>{t('sv.questionnaire')}</dt>
            <dd>{r.questionnaireId}</dd>
            <dt>{t('sv.sizing')}</dt>
            <dd>
              {r.sizing.method === 'ministry' ? t('sv.sizing.ministry') : `${t('sv.sizing.confidence')} (${formatNumber(r.sizing.confidence * 100)} %)`}, e = {formatNumber(r.sizing.margin * 100)} %
            </dd>
            <dt>{t('sv.indexMethod')}</dt>
            <dd>{t(`sv.index.${r.indexMethod}`)}</dd>
          </dl>
          <section aria-labelledby="h-sv-sample">
            <h2 id="h-sv-sample">{t('sv.sample')}</h2>
            {r.status === 'draft' ? (
              <>
                <TextField label={t('sv.seed')} hint={t('sv.seedHint')} maxLength={100} value={seed} onChange={(e) => setSeed(e.target.value)} error={sample.fe('seed')} />
                <button type="button" className="primary" disabled={sample.busy} onClick={draw}>
                  {t('sv.draw')}
                </button>
              </>
            ) : (
              <>
                {drawn !== null && <Notice kind="success">{t('sv.drawn', { n: drawn })}</Notice>}
                <dl className="facts">
                  <dt>{t('sv.frameSize')}</dt>
                  <dd data-figure="frame">{r.frameSize ?? '—'}</dd>
                  <dt>{t('sv.sampleSize')}</dt>
                  <dd data-figure="sample">{r.sampleSize ?? '—'}</dd>
                  <dt>{t('sv.seedUsed')}</dt>
                  <dd>
                    <code>{r.seed}</code>
                  </dd>
                  <dt>{t('sv.sampledAt')}</dt>
                  <dd>{formatDateTime(r.sampledAt)}</dd>
                </dl>
                <div className="table-wrap">
                  <table>
                    <caption>{t('sv.strata')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('sv.unitCol')}</th>
                        <th scope="col">{t('sv.field')}</th>
                        <th scope="col" className="num">{t('sv.frame')}</th>
                        <th scope="col" className="num">{t('sv.inSample')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {r.strata.map((s) => (
                        <tr key={`${s.orgId}|${s.fieldCode}`}>
                          <td lang="vi">{s.orgName}</td>
                          <td>{s.fieldCode}</td>
                          <td className="num">{formatNumber(s.frame)}</td>
                          <td className="num">{formatNumber(s.sample)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                <p>
                  {t('sv.exportSample')}: <a href={`/api/surveys/rounds/${encodeURIComponent(id)}/sample.xlsx`} download>XLSX</a> · <a href={`/api/surveys/rounds/${encodeURIComponent(id)}/sample.csv`} download>CSV</a>
                </p>
                {r.status === 'open' && (
                  <p>
                    <a href={`/api/surveys/rounds/${encodeURIComponent(id)}/invitations.pdf`} download>
                      {t('sv.printInvitations')}
                    </a>{' '}
                    <span className="muted">{t('sv.printInvitationsHint')}</span>
                  </p>
                )}
                <p className="muted">{t('sv.exportNote')}</p>
                {r.status === 'open' && (
                  <button type="button" disabled={close.busy} onClick={doClose}>
                    {t('sv.close')}
                  </button>
                )}
              </>
            )}
            <ErrorBox error={sample.error ?? close.error} />
          </section>
          {r.status !== 'draft' && <Results key={r.status} id={id} />}
        </>
      )}
    </Page>
  );
}

const rate = (get: (r: Factor) => number | null | undefined, header: string): ViewColumn<Factor> => ({ header, type: 'rate', value: get });

function factorColumns(t: T): Array<ViewColumn<Factor>> {
  return [
    { header: t('sv.factor'), type: 'text', value: (f) => t(`sv.factor.${f.factor}`) },
    { header: t('sv.answered'), type: 'int', value: (f) => f.answered },
    { header: t('sv.satisfied'), type: 'int', value: (f) => f.satisfied },
    rate((f) => f.share, t('sv.share')),
    rate((f) => f.ci95?.low, t('sv.ciLow')),
    rate((f) => f.ci95?.high, t('sv.ciHigh')),
    { header: t('sv.perception'), type: 'number', value: (f) => f.perceptionMean },
    { header: t('sv.expectation'), type: 'number', value: (f) => f.expectationMean },
    { header: t('sv.gap'), type: 'number', value: (f) => f.gap },
  ];
}

function groupColumns(t: T, withField: boolean): Array<ViewColumn<Group>> {
  const share = (g: Group, f: string) => g.factors.find((x) => x.factor === f)?.share;
  return [
    { header: t('sv.unitCol'), type: 'text', value: (g) => g.orgName, render: (g) => <span lang="vi">{g.orgName}</span> },
    ...(withField ? [{ header: t('sv.field'), type: 'text' as const, value: (g: Group) => g.fieldCode }] : []),
    { header: t('sv.invited'), type: 'int', value: (g) => g.invited },
    { header: t('sv.responses'), type: 'int', value: (g) => g.responses },
    { header: t('sv.responseRate'), type: 'rate', value: (g) => g.responseRate },
    { header: t('sv.index'), type: 'rate', value: (g) => g.index },
    ...FACTORS.map((f): ViewColumn<Group> => ({ header: t(`sv.factor.${f}`), type: 'rate', value: (g) => share(g, f) })),
  ];
}

function Results({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const res = useAsync(() => get<RoundResults>(`/api/surveys/rounds/${encodeURIComponent(id)}/results`), [id]);
  const r = res.data;
  const where = { unit: r?.round.name ?? id, period: r ? `${r.round.from}-${r.round.to}` : '' };
  return (
    <section aria-labelledby="h-sv-results">
      <h2 id="h-sv-results">{t('sv.results')}</h2>
      <ErrorBox error={res.error} />
      {!r && res.loading && <Loading />}
      {r && (
        <>
          {r.held > 0 && <Notice>{t('sv.held', { n: r.held })}</Notice>}
          <dl className="facts">
            <dt>{t('sv.index')}</dt>
            <dd data-figure="index">{formatRate(r.index)}</dd>
            <dt>{t('sv.invited')}</dt>
            <dd data-figure="invited">{formatNumber(r.invited)}</dd>
            <dt>{t('sv.responses')}</dt>
            <dd data-figure="responses">{formatNumber(r.responses)}</dd>
            <dt>{t('sv.responseRate')}</dt>
            <dd data-figure="responseRate">{formatRate(r.responseRate)}</dd>
          </dl>
          {r.responses === 0 ? (
            <p className="muted">{t('sv.noResults')}</p>
          ) : (
            <>
              <DataTable id="yeu-to" level={3} title={t('sv.factors')} columns={factorColumns(t)} rows={r.factors} where={where} rowKey={(f) => f.factor} />
              <DataTable id="don-vi" level={3} title={t('sv.byUnit')} columns={groupColumns(t, false)} rows={r.byUnit} where={where} rowKey={(g) => g.orgId} />
              <DataTable id="don-vi-linh-vuc" level={3} title={t('sv.byStratum')} columns={groupColumns(t, true)} rows={r.byStratum} where={where} rowKey={(g) => `${g.orgId}|${g.fieldCode}`} />
            </>
          )}
          <details>
            <summary>{t('sv.method')}</summary>
            <ul>
              <li>{pick(r.method.share, lang)}</li>
              <li>{pick(r.method.interval, lang)}</li>
              <li>{pick(r.method.index, lang)}</li>
              <li>{pick(r.method.gap, lang)}</li>
            </ul>
          </details>
        </>
      )}
    </section>
  );
}
