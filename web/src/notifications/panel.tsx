/** The delivery panel on a desk dossier: each message sent about it, its channel, status, error and attempts. A lazy chunk. */
import { get } from '../lib/api.ts';
import { registerMessages, useI18n } from '../lib/i18n.tsx';
import { useAsync } from '../lib/use-async.ts';
import { formatDateTime } from '../lib/format.ts';
import { ErrorBox } from '../ui/page.tsx';
import type { DossierDeliveries } from '../../../src/modules/notifications/contracts.ts';
import { en, vi } from './messages.ts';

registerMessages(vi, en);

export default function DossierNotifications({ code }: { code: string }) {
  const { t } = useI18n();
  const load = useAsync(() => get<DossierDeliveries>(`/api/dossiers/${encodeURIComponent(code)}/notifications`), [code]);
  return (
    <section aria-labelledby="nt-panel">
      <h2 id="nt-panel">{t('nt.panel.title')}</h2>
      <ErrorBox error={load.error} />
      {load.data && load.data.waiting.length > 0 && <p className="muted">{t('nt.panel.waiting', { n: load.data.waiting.length })}</p>}
      {load.data && load.data.items.length === 0 && <p>{t('nt.panel.empty')}</p>}
      {load.data && load.data.items.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('nt.panel.at')}</th>
                <th scope="col">{t('nt.panel.event')}</th>
                <th scope="col">{t('nt.panel.channel')}</th>
                <th scope="col">{t('nt.panel.to')}</th>
                <th scope="col">{t('nt.panel.status')}</th>
                <th scope="col">{t('nt.panel.attempts')}</th>
              </tr>
            </thead>
            <tbody>
              {load.data.items.map((i) => (
                <tr key={i.id}>
                  <td>{formatDateTime(i.sentAt ?? i.createdAt)}</td>
                  <td>{i.event}</td>
                  <td>{t(`nt.channel.${i.channel}`)}</td>
                  <td>
                    {t(`nt.to.${i.recipient}`)}
                    {i.address ? ` (${i.address})` : ''}
                  </td>
                  <td className={i.status === 'failed' ? 'nt-failed' : undefined}>
                    {t(`nt.status.${i.status}`)}
                    {i.error ? `: ${i.error}` : ''}
                  </td>
                  <td>{i.attempts}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
