/**
 * Walk-in reception (issue 14): the officer receives a dossier for the person at the counter. Scan
 * the CCCD (handheld scanner, photo or camera) to prefill the applicant, pick the procedure, tick
 * each component received — scanned now, or the paper kept at the office — fill the form, and submit
 * with channel "counter". The officer then lands on the dossier, where Accept / Refuse / Request a
 * supplement and, once accepted, the receipt (Form 01) are.
 */
import { lazy, Suspense, useMemo, useState, type FormEvent } from 'react';
import type { InboundPost } from '../delivery/delivery.tsx';

// Results and dossiers by post (issue 17) live in their own chunk.
const InboundPostFields = lazy(() => import('../delivery/delivery.tsx').then((m) => ({ default: m.InboundPostFields })));
import { api, ApiError, get } from '../lib/api.ts';
import { useI18n } from '../lib/i18n.tsx';
import { Link, navigate } from '../lib/router.tsx';
import { useSession } from '../lib/session.tsx';
import { useAsync } from '../lib/use-async.ts';
import type { Procedure, ProcedureSummary } from '../lib/types.ts';
import { ErrorBox, Loading, Page } from '../ui/page.tsx';
import { SelectField, TextField } from '../ui/field.tsx';
import { CccdScan, type CccdData } from '../portal/cccd-scan.tsx';
import { UploadField, type UploadedFile } from '../portal/upload-field.tsx';
import { FormInput } from '../portal/apply.tsx';

type Received = { files: UploadedFile[]; paperKept: boolean };

export function WalkInReception() {
  const { t } = useI18n();
  const { me } = useSession();
  const orgId = me?.orgId ?? '';
  const procedures = useAsync(() => get<{ total: number; items: ProcedureSummary[] }>(`/api/procedures?${new URLSearchParams({ org: orgId, limit: '100' })}`), [orgId]);
  const [code, setCode] = useState('');
  const procedure = useAsync(() => (code ? get<Procedure>(`/api/procedures/${encodeURIComponent(code)}`) : Promise.resolve(null)), [code]);
  return (
    <Page title={t('walkIn.title')} actions={<Link href="/mot-cua">{t('walkIn.back')}</Link>}>
      <p className="hint">{t('walkIn.lead')}</p>
      <ErrorBox error={procedures.error} />
      {procedures.loading && !procedures.data && <Loading />}
      {procedures.data && (
        <SelectField label={t('walkIn.procedure')} value={code} onChange={(e) => setCode(e.target.value)} required>
          <option value="">{t('walkIn.chooseProcedure')}</option>
          {procedures.data.items.map((p) => (
            <option key={p.code} value={p.code}>
              {p.name}
            </option>
          ))}
        </SelectField>
      )}
      {procedure.loading && code && <Loading />}
      {procedure.data && <WalkInForm key={procedure.data.code} procedure={procedure.data} orgId={orgId} />}
    </Page>
  );
}

function WalkInForm({ procedure, orgId }: { procedure: Procedure; orgId: string }) {
  const { t } = useI18n();
  const [applicant, setApplicant] = useState<Record<string, string>>({ type: 'individual' });
  const [form, setForm] = useState<Record<string, string>>({});
  const [received, setReceived] = useState<Record<string, Received>>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [inbound, setInbound] = useState<InboundPost>({ byPost: false, senderTrackingCode: '', postmarkedOn: '' });
  const idempotencyKey = useMemo(() => crypto.randomUUID(), []);

  const fromCard = (d: CccdData) => setApplicant({ ...applicant, type: 'individual', fullName: d.fullName, idNumber: d.idNumber, address: d.address, ...(d.birthDate ? { birthDate: d.birthDate } : {}) });
  const setA = (k: string) => (e: { target: { value: string } }) => setApplicant({ ...applicant, [k]: e.target.value });
  const of = (c: string): Received => received[c] ?? { files: [], paperKept: false };
  const setOf = (c: string, r: Partial<Received>) => setReceived({ ...received, [c]: { ...of(c), ...r } });
  const fe = (path: string) => error?.field(path);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const cleanApplicant = Object.fromEntries(Object.entries(applicant).filter(([, v]) => v.trim() !== '').map(([k, v]) => [k, v.trim()]));
    const cleanForm = Object.fromEntries(procedure.formFields.filter((f) => form[f.name] !== undefined && form[f.name] !== '').map((f) => [f.name, f.type === 'number' ? Number(form[f.name]) : form[f.name]]));
    const attachments = procedure.components.flatMap((c) => {
      const r = of(c.code);
      return [...r.files.map((f) => ({ componentCode: c.code, uploadId: f.uploadId })), ...(r.paperKept ? [{ componentCode: c.code, paperKept: true as const }] : [])];
    });
    try {
      const dossier = await api<{ code: string }>(
        'POST',
        '/api/dossiers',
        {
          procedureCode: procedure.code,
          channel: inbound.byPost ? 'post' : 'counter',
          ...(inbound.byPost ? { postal: { senderTrackingCode: inbound.senderTrackingCode.trim(), ...(inbound.postmarkedOn ? { postmarkedOn: inbound.postmarkedOn } : {}) } } : {}),
          ...(orgId ? { receivingOrgId: orgId } : {}),
          applicant: cleanApplicant,
          form: cleanForm,
          attachments,
        },
        { 'idempotency-key': idempotencyKey },
      );
      navigate(`/mot-cua/ho-so/${encodeURIComponent(dossier.code)}`);
    } catch (err) {
      setError(err as ApiError);
      setBusy(false);
      window.scrollTo(0, 0);
    }
  };

  return (
    <>
      <ErrorBox error={error} />
      <CccdScan onParsed={fromCard} />
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Suspense fallback={null}>
          <InboundPostFields value={inbound} onChange={setInbound} fieldError={fe} />
        </Suspense>
        <fieldset>
          <legend>{t('apply.applicant')}</legend>
          <TextField label={t('apply.fullName')} value={applicant.fullName ?? ''} onChange={setA('fullName')} required maxLength={200} error={fe('applicant.fullName')} />
          <TextField label={t('apply.idNumber')} value={applicant.idNumber ?? ''} onChange={setA('idNumber')} required pattern="\d{12}" maxLength={12} inputMode="numeric" error={fe('applicant.idNumber')} />
          <TextField label={t('apply.birthDate')} type="date" value={applicant.birthDate ?? ''} onChange={setA('birthDate')} required error={fe('applicant.birthDate')} />
          <TextField label={t('apply.address')} value={applicant.address ?? ''} onChange={setA('address')} required maxLength={500} error={fe('applicant.address')} />
          <TextField label={t('apply.phone')} type="tel" value={applicant.phone ?? ''} onChange={setA('phone')} required pattern="(\+84|0)\d{9,10}" error={fe('applicant.phone')} />
        </fieldset>
        <fieldset>
          <legend>{t('walkIn.components')}</legend>
          <p className="hint">{t('walkIn.componentsHint')}</p>
          {procedure.components.map((c) => (
            <div key={c.code} className="card walk-in-component">
              <UploadField label={c.name} required={c.required} files={of(c.code).files} onChange={(files) => setOf(c.code, { files })} />
              <label>
                <input type="checkbox" checked={of(c.code).paperKept} onChange={(e) => setOf(c.code, { paperKept: e.target.checked })} data-testid={`paper-${c.code}`} /> {t('walkIn.paperKept')}
              </label>
            </div>
          ))}
        </fieldset>
        {procedure.formFields.length > 0 && (
          <fieldset>
            <legend>{t('apply.formLegend')}</legend>
            {procedure.formFields.map((f) => (
              <FormInput key={f.name} field={f} value={form[f.name]} onChange={(v) => setForm({ ...form, [f.name]: v })} error={fe(`form.${f.name}`)} />
            ))}
          </fieldset>
        )}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {t('walkIn.submit')}
          </button>
        </div>
      </form>
    </>
  );
}
