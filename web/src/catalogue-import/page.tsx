/**
 * /quan-tri/nhap-danh-muc: the catalogue import (issue 18). An administrator uploads the national procedure
 * database's export, reads the differences per procedure and the errors by row, and applies it. One lazy chunk.
 */
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../lib/api.ts';
import { currentLang } from '../lib/lang-state.ts';
import { registerMessages, useI18n } from '../lib/i18n.tsx';
import { formatDate, formatDateTime, formatMoney } from '../lib/format.ts';
import { ErrorBox, Notice, Page } from '../ui/page.tsx';
import { RequireRole } from '../ui/require-role.tsx';
import type { CatalogueImportView } from '../../../src/modules/integrations/contracts.ts';
import { en, vi } from './messages.ts';

registerMessages(vi, en);

interface Applied {
  newProcedures: string[];
  newVersions: Array<{ code: string; version: number }>;
}

/** The file's bytes as they are (the server tells JSON from XLSX by its content). */
async function uploadCatalogue(file: File): Promise<CatalogueImportView> {
  let res: Response;
  try {
    res = await fetch(`/api/admin/catalogue/imports?filename=${encodeURIComponent(file.name)}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/octet-stream', 'accept-language': currentLang() },
      body: file,
    });
  } catch {
    throw new ApiError(0, 'network', currentLang() === 'vi' ? 'Không kết nối được máy chủ.' : 'Cannot reach the server.');
  }
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, body.code ?? `http-${res.status}`, body.detail ?? body.title ?? `HTTP ${res.status}`, body.errors ?? []);
  return body as CatalogueImportView;
}

export default function CatalogueImportPage() {
  const { t } = useI18n();
  return (
    <RequireRole roles={['admin']} title={t('ci.title')} denied={t('ci.adminsOnly')}>
      {() => <ImportPage />}
    </RequireRole>
  );
}

function ImportPage() {
  const { t, lang } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [preview, setPreview] = useState<CatalogueImportView | null>(null);
  const [applied, setApplied] = useState<Applied | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(null);
    setApplied(null);
    try {
      setPreview(await uploadCatalogue(file));
    } catch (err) {
      setPreview(null);
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  };
  const apply = async () => {
    if (!preview) return;
    setBusy(true);
    setError(null);
    try {
      setApplied(await api<Applied>('POST', `/api/admin/catalogue/imports/${encodeURIComponent(preview.id)}/apply`));
      setPreview({ ...preview, appliedAt: new Date().toISOString() });
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  };

  const show = (field: string, v: unknown): string => {
    if (v === null || v === undefined || v === '') return t('ci.empty');
    if (field === 'feeVnd' && typeof v === 'number') return formatMoney(v, lang);
    if (field.endsWith('Date') && typeof v === 'string') return formatDate(v);
    if (field === 'duration' && typeof v === 'object') return `${(v as { value: number }).value} ${t(`ci.unit.${(v as { unit: string }).unit}`)}`;
    if (field === 'components' && Array.isArray(v)) return t('ci.componentsCount', { n: v.length });
    if (Array.isArray(v)) return v.join('; ');
    return String(v);
  };

  return (
    <Page title={t('ci.title')} actions={<a href="/api/admin/catalogue/template.xlsx" download>{t('ci.template')}</a>}>
      <p>{t('ci.lead')}</p>
      <form onSubmit={(e) => void submit(e)} className="ci-form">
        <label>
          {t('ci.file')}
          <input type="file" accept=".json,.xlsx,application/json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </label>
        <button type="submit" disabled={!file || busy}>
          {busy && !preview ? t('ci.uploading') : t('ci.upload')}
        </button>
      </form>
      <ErrorBox error={error} />
      {applied && <Notice kind="success">{t('ci.applied', { versions: applied.newVersions.length, procedures: applied.newProcedures.length })}</Notice>}
      {preview && (
        <section aria-labelledby="ci-preview">
          <h2 id="ci-preview">{preview.filename ?? preview.id}</h2>
          <p>{t('ci.counts', preview.counts)}</p>
          {preview.errors.length > 0 && (
            <>
              <h3>{t('ci.errors.title')}</h3>
              <p>{t('ci.errors.lead')}</p>
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('ci.col.sheet')}</th>
                      <th scope="col">{t('ci.col.row')}</th>
                      <th scope="col">{t('ci.col.column')}</th>
                      <th scope="col">{t('ci.col.message')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {preview.errors.map((e, i) => (
                      <tr key={i}>
                        <td>{e.sheet}</td>
                        <td>{e.row}</td>
                        <td>{e.column}</td>
                        <td>{e.message[lang]}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
          {preview.items.length > 0 && (
            <div className="table-wrap">
              <table className="ci-diff">
                <thead>
                  <tr>
                    <th scope="col">{t('ci.col.code')}</th>
                    <th scope="col">{t('ci.col.name')}</th>
                    <th scope="col">{t('ci.col.status')}</th>
                    <th scope="col">{t('ci.col.changes')}</th>
                    <th scope="col">{t('ci.col.decision')}</th>
                    <th scope="col">{t('ci.col.missing')}</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.items.map((item) => (
                    <tr key={item.code} className={`ci-${item.status}`}>
                      <td>{item.code}</td>
                      <td>{item.name}</td>
                      <td>{t(`ci.status.${item.status}`)}</td>
                      <td>
                        {item.changes.length > 0 && (
                          <ul className="ci-changes">
                            {item.changes.map((c) => (
                              <li key={c.field}>
                                {t(`ci.field.${c.field}`)}: {show(c.field, c.old)} → {show(c.field, c.new)}
                              </li>
                            ))}
                          </ul>
                        )}
                      </td>
                      <td>{t('ci.decision', { number: item.decisionNumber, date: formatDate(item.decisionDate), effective: formatDate(item.effectiveDate) })}</td>
                      <td>{item.missingParts.map((p) => t(`ci.part.${p}`)).join(', ')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {preview.appliedAt ? (
            <p>{t('ci.appliedAt', { at: formatDateTime(preview.appliedAt) })}</p>
          ) : (
            <button type="button" disabled={busy || preview.errors.length > 0 || preview.counts.new + preview.counts.changed === 0} onClick={() => void apply()}>
              {busy ? t('ci.applying') : t('ci.apply')}
            </button>
          )}
        </section>
      )}
    </Page>
  );
}
