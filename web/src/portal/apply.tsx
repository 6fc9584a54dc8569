/**
 * Apply online: applicant (prefilled from the profile or the ID card's QR) → the procedure's form →
 * component files → review and submit. "Lưu nháp" saves everything typed so far on the server, to be
 * resumed from "Hồ sơ của tôi" on any device. A submission carries an Idempotency-Key, so a retry
 * after a lost connection never creates a second dossier.
 */
import { Fragment, lazy, Suspense, useEffect, useMemo, useState, type FormEvent } from 'react';
import type { Receiver } from '../../../src/modules/delivery/contracts.ts';

// Results by post (issue 17) live in their own chunk.
const PostChoiceOnApply = lazy(() => import('../delivery/delivery.tsx').then((m) => ({ default: m.PostChoiceOnApply })));
// "Reuse from my data store" (issue 18) lives in the store's chunk.
const ReusePicker = lazy(() => import('../citizen-store/store.tsx').then((m) => ({ default: m.ReusePicker })));
import { api, ApiError, get } from '../lib/api.ts';
import { useI18n } from '../lib/i18n.tsx';
import { Link, navigate, useLocation } from '../lib/router.tsx';
import { useSession } from '../lib/session.tsx';
import { useAsync } from '../lib/use-async.ts';
import { fieldLabel, formatDate, formatFormValue, formatMoney, formatSize, formatTime, optionLabel } from '../lib/format.ts';
import type { Draft, DraftData, FormField, Procedure } from '../lib/types.ts';
import { ErrorBox, Loading, Notice, Page } from '../ui/page.tsx';
import { SelectField, TextArea, TextField } from '../ui/field.tsx';
import { CccdScan, type CccdData } from './cccd-scan.tsx';
import type { VneidProfile } from '../../../src/modules/integrations/contracts.ts';
import { UploadField } from './upload-field.tsx';

const STEPS = ['apply.stepApplicant', 'apply.stepForm', 'apply.stepFiles', 'apply.stepReview'] as const;
type Applicant = Record<string, string>;

export function ApplyPage({ code }: { code: string }) {
  const { t } = useI18n();
  const { me } = useSession();
  const { query } = useLocation();
  const draftId = query.get('nhap');
  const loaded = useAsync(async () => {
    const [procedure, draft] = await Promise.all([get<Procedure>(`/api/procedures/${encodeURIComponent(code)}`), draftId && me ? get<Draft>(`/api/drafts/${draftId}`) : Promise.resolve(null)]);
    return { procedure, draft };
  }, [code, draftId, me?.id]);
  if (!me) {
    return (
      <Page title={t('apply.title')}>
        <Notice>{t('apply.loginFirst')}</Notice>
        <p>
          <Link className="button primary" href={`/dang-nhap?next=${encodeURIComponent(location.pathname + location.search)}`}>
            {t('nav.login')}
          </Link>
        </p>
      </Page>
    );
  }
  if (me.role !== 'citizen') return <Page title={t('apply.title')}><Notice kind="warning">{t('apply.citizensOnly')}</Notice></Page>;
  if (loaded.loading && !loaded.data) return <Loading />;
  if (!loaded.data) return <Page title={t('apply.title')}><ErrorBox error={loaded.error} /></Page>;
  return <Wizard procedure={loaded.data.procedure} draft={loaded.data.draft} />;
}

function Wizard({ procedure, draft }: { procedure: Procedure; draft: Draft | null }) {
  const { t, lang } = useI18n();
  const { me, limits } = useSession();
  const initial: DraftData = draft?.data ?? {};
  const [step, setStep] = useState(Math.min(initial.step ?? 0, 3));
  const [applicant, setApplicant] = useState<Applicant>(initial.applicant ?? { type: procedure.applicantTypes[0] ?? 'individual' });
  const [form, setForm] = useState<Record<string, string | number | boolean | null>>(initial.form ?? {});
  const [orgId, setOrgId] = useState(initial.receivingOrgId ?? (procedure.receivingOrgs.length === 1 ? procedure.receivingOrgs[0]!.id : ''));
  const [files, setFiles] = useState(initial.attachments ?? []);
  const [draftId, setDraftId] = useState(draft?.id ?? null);
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [byPost, setByPost] = useState(false);
  const [receiver, setReceiver] = useState<Receiver>({ fullName: '', phone: '', address: '', provinceCode: '' });
  const idempotencyKey = useMemo(() => crypto.randomUUID(), []);

  useEffect(() => {
    document.querySelector<HTMLElement>('#step-title')?.focus();
  }, [step]);

  const data = (): DraftData => ({ applicant, form, receivingOrgId: orgId || undefined, attachments: files, step });
  const saveDraft = async () => {
    setBusy(true);
    setError(null);
    try {
      const d = draftId ? await api<Draft>('PUT', `/api/drafts/${draftId}`, { data: data() }) : await api<Draft>('POST', '/api/drafts', { procedureCode: procedure.code, data: data() });
      setDraftId(d.id);
      history.replaceState(null, '', `/nop-ho-so/${encodeURIComponent(procedure.code)}?nhap=${d.id}`);
      setSaved(t('apply.saved', { at: formatTime(d.updatedAt) }));
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setBusy(false);
    }
  };

  const fromProfile = () =>
    setApplicant({
      ...applicant,
      fullName: me!.fullName,
      ...(me!.idNumber ? { idNumber: me!.idNumber } : {}),
      ...(me!.phone ? { phone: me!.phone } : {}),
      ...(me!.email ? { email: me!.email } : {}),
      ...(me!.address ? { address: me!.address } : {}),
    });
  const fromCard = (d: CccdData, extra: Applicant = {}) => setApplicant({ ...applicant, type: 'individual', fullName: d.fullName, idNumber: d.idNumber, address: d.address, ...(d.birthDate ? { birthDate: d.birthDate } : {}), ...extra });
  // Signed in with VNeID: the applicant comes from what the platform asserted, through the chip card's prefill path.
  const [vneidFilled, setVneidFilled] = useState(false);
  const fromVneid = async () => {
    const { profile: p } = await api<VneidProfile>('GET', '/api/auth/vneid/profile');
    if (!p) return;
    fromCard({ idNumber: p.idNumber, oldIdNumber: null, fullName: p.fullName, birthDate: p.birthDate, sex: p.sex, address: p.address ?? '', issueDate: null }, p.phone ? { phone: p.phone } : {});
    setVneidFilled(true);
  };
  useEffect(() => {
    if (me?.identityLevel && !draft && !applicant.fullName) void fromVneid().catch(() => undefined);
    // Once, when the wizard opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const needsLevel2 = procedure.requiredIdentityLevel === 2 && (me?.identityLevel ?? 0) < 2;

  const missingFiles = procedure.components.filter((c) => c.required && !files.some((f) => f.componentCode === c.code));
  const next = (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (step === 2 && missingFiles.length > 0) {
      setError(new ApiError(422, 'client', t('apply.missingFiles', { list: missingFiles.map((c) => c.name).join('; ') })));
      return;
    }
    setStep(step + 1);
  };

  const submit = async () => {
    setBusy(true);
    setError(null);
    const cleanApplicant = Object.fromEntries(Object.entries(applicant).filter(([k, v]) => v.trim() !== '' && (applicant.type === 'organisation' || k !== 'taxCode')).map(([k, v]) => [k, v.trim()]));
    const cleanForm = Object.fromEntries(
      procedure.formFields
        .filter((f) => form[f.name] !== undefined && form[f.name] !== '')
        .map((f) => [f.name, f.type === 'number' ? Number(form[f.name]) : form[f.name]]),
    );
    try {
      const dossier = await api<{ code: string }>(
        'POST',
        '/api/dossiers',
        { procedureCode: procedure.code, ...(orgId ? { receivingOrgId: orgId } : {}), applicant: cleanApplicant, form: cleanForm, attachments: files.map((f) => (f.storeDocumentId ? { componentCode: f.componentCode, storeDocumentId: f.storeDocumentId } : { componentCode: f.componentCode, uploadId: f.uploadId })) },
        { 'idempotency-key': idempotencyKey },
      );
      if (draftId) await api('DELETE', `/api/drafts/${draftId}`).catch(() => undefined); // submitted: the draft has served
      // The result by post (Decision 45/2016/QĐ-TTg) is the dossier's delivery choice, saved once it exists;
      // if that fails the dossier page says so and offers the form again.
      const postSaved = byPost ? await api('PUT', `/api/dossiers/${encodeURIComponent(dossier.code)}/delivery`, { receiver }).then(() => true, () => false) : true;
      navigate(`/ca-nhan/ho-so/${encodeURIComponent(dossier.code)}?vua-nop=1${postSaved ? '' : '&buu-chinh=loi'}`);
    } catch (e) {
      const err = e as ApiError;
      setError(err);
      const first = err.fieldErrors?.[0]?.path.replace(/^body\./, '') ?? '';
      if (first.startsWith('applicant')) setStep(0);
      else if (first.startsWith('form') || first.startsWith('receivingOrgId')) setStep(1);
      else if (first.startsWith('attachments')) setStep(2);
      setBusy(false);
    }
  };

  const fe = (path: string) => error?.field(path);
  const setA = (k: string) => (e: { target: { value: string } }) => setApplicant({ ...applicant, [k]: e.target.value });

  return (
    <Page title={t('apply.titleOf', { name: procedure.name })}>
      <ol className="stepper" aria-label={t('apply.progress')}>
        {STEPS.map((s, i) => (
          <li key={s} aria-current={i === step ? 'step' : undefined} className={i < step ? 'done' : ''}>
            {i + 1}. {t(s)}
          </li>
        ))}
      </ol>
      <h2 id="step-title" tabIndex={-1}>
        {t('apply.stepOf', { n: step + 1, total: STEPS.length })}: {t(STEPS[step]!)}
      </h2>
      <ErrorBox error={error} />
      {saved && <Notice kind="success">{saved}</Notice>}

      {needsLevel2 && (
        <Notice kind="warning">
          {t('apply.needsLevel2')}{' '}
          <a className="button" id="vneid-level2" href={`/api/auth/vneid/start?level=2&returnTo=${encodeURIComponent(location.pathname + location.search)}`}>
            {t('apply.signInLevel2')}
          </a>
        </Notice>
      )}
      {vneidFilled && step === 0 && <Notice kind="success">{t('apply.vneidFilled')}</Notice>}
      {step === 0 && (
        <>
          <p>
            <button type="button" onClick={fromProfile}>
              {t('apply.fromProfile')}
            </button>
            {me?.identityLevel && (
              <>
                {' '}
                <button type="button" id="from-vneid" onClick={() => void fromVneid()}>
                  {t('apply.fromVneid')}
                </button>
              </>
            )}
          </p>
          <CccdScan onParsed={fromCard} />
        </>
      )}

      <form onSubmit={step === 3 ? (e) => { e.preventDefault(); void submit(); } : next} noValidate={step === 3}>
        {step === 0 && (
          <fieldset>
            <legend>{t('apply.applicant')}</legend>
            {procedure.applicantTypes.length > 1 && (
              <SelectField label={t('apply.applicantType')} value={applicant.type ?? 'individual'} onChange={setA('type')}>
                {procedure.applicantTypes.map((a) => (
                  <option key={a} value={a}>
                    {t(`applicant.${a}`)}
                  </option>
                ))}
              </SelectField>
            )}
            <TextField label={applicant.type === 'organisation' ? t('apply.orgName') : t('apply.fullName')} value={applicant.fullName ?? ''} onChange={setA('fullName')} required minLength={2} maxLength={200} error={fe('applicant.fullName')} autoComplete="name" />
            {applicant.type === 'organisation' ? (
              <TextField label={t('apply.taxCode')} value={applicant.taxCode ?? ''} onChange={setA('taxCode')} required pattern="\d{10}(-\d{3})?" inputMode="numeric" error={fe('applicant.taxCode')} />
            ) : (
              <>
                <TextField label={t('apply.idNumber')} value={applicant.idNumber ?? ''} onChange={setA('idNumber')} required pattern="\d{12}" maxLength={12} inputMode="numeric" error={fe('applicant.idNumber')} hint={t('apply.idNumberHint')} />
                <TextField label={t('apply.birthDate')} type="date" value={applicant.birthDate ?? ''} onChange={setA('birthDate')} error={fe('applicant.birthDate')} />
              </>
            )}
            <TextField label={t('apply.address')} value={applicant.address ?? ''} onChange={setA('address')} required minLength={5} maxLength={500} error={fe('applicant.address')} autoComplete="street-address" />
            <TextField label={t('apply.phone')} type="tel" value={applicant.phone ?? ''} onChange={setA('phone')} required pattern="(\+84|0)\d{9,10}" error={fe('applicant.phone')} autoComplete="tel" />
            <TextField label={t('apply.email')} type="email" value={applicant.email ?? ''} onChange={setA('email')} error={fe('applicant.email')} autoComplete="email" />
          </fieldset>
        )}

        {step === 1 && (
          <fieldset>
            <legend>{t('apply.formLegend')}</legend>
            {procedure.receivingOrgs.length > 1 && (
              <SelectField label={t('apply.receivingOrg')} value={orgId} onChange={(e) => setOrgId(e.target.value)} required error={fe('receivingOrgId')}>
                <option value="">{t('apply.chooseOrg')}</option>
                {procedure.receivingOrgs.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </SelectField>
            )}
            {procedure.formFields.map((f) => (
              <FormInput key={f.name} field={f} value={form[f.name]} onChange={(v) => setForm({ ...form, [f.name]: v })} error={fe(`form.${f.name}`)} />
            ))}
            {procedure.formFields.length === 0 && <p className="muted">{t('apply.noForm')}</p>}
          </fieldset>
        )}

        {step === 2 && (
          <fieldset>
            <legend>{t('apply.filesLegend')}</legend>
            <p className="hint">{t('apply.filesHint', { max: formatSize(limits.maxUploadBytes) })}</p>
            {procedure.components.map((c) => (
              <Fragment key={c.code}>
              <UploadField
                label={c.name}
                required={c.required}
                hint={[c.originals ? t('apply.originals', { n: c.originals }) : '', c.copies ? t('apply.copies', { n: c.copies }) : '', c.signatureRequired ? t('procedure.signatureRequired') : ''].filter(Boolean).join(' · ')}
                files={files.filter((f) => f.componentCode === c.code)}
                onChange={(list) => setFiles([...files.filter((f) => f.componentCode !== c.code), ...list.map((f) => ({ ...f, componentCode: c.code }))])}
              />
              <Suspense fallback={null}>
                <ReusePicker
                  procedureCode={procedure.code}
                  componentCode={c.code}
                  label={c.name}
                  chosen={files.flatMap((f) => (f.componentCode === c.code && f.storeDocumentId ? [f.storeDocumentId] : []))}
                  onChoose={(f) => setFiles([...files, { ...f, componentCode: c.code }])}
                />
              </Suspense>
              </Fragment>
            ))}
          </fieldset>
        )}

        {step === 3 && (
          <section aria-label={t('apply.stepReview')}>
            <dl className="facts">
              <dt>{t('apply.fullName')}</dt>
              <dd>{applicant.fullName}</dd>
              {applicant.idNumber && applicant.type !== 'organisation' && (
                <>
                  <dt>{t('apply.idNumber')}</dt>
                  <dd>{applicant.idNumber}</dd>
                </>
              )}
              {applicant.birthDate && (
                <>
                  <dt>{t('apply.birthDate')}</dt>
                  <dd>{formatDate(applicant.birthDate)}</dd>
                </>
              )}
              <dt>{t('apply.address')}</dt>
              <dd>{applicant.address}</dd>
              <dt>{t('apply.phone')}</dt>
              <dd>{applicant.phone}</dd>
              <dt>{t('apply.receivingOrg')}</dt>
              <dd>{procedure.receivingOrgs.find((o) => o.id === orgId)?.name ?? '—'}</dd>
              {procedure.formFields.map((f) => (
                <Fragment key={f.name}>
                  <dt>{fieldLabel(f, lang)}</dt>
                  <dd>{formatFormValue(f, form[f.name], lang)}</dd>
                </Fragment>
              ))}
              <dt>{t('procedure.fee')}</dt>
              <dd>{formatMoney(procedure.feeVnd, lang)}</dd>
            </dl>
            <h3>{t('apply.filesLegend')}</h3>
            <ul>
              {procedure.components.map((c) => {
                const mine = files.filter((f) => f.componentCode === c.code);
                return (
                  <li key={c.code}>
                    {c.name}: {mine.length ? mine.map((f) => `${f.filename ?? f.uploadId}${f.storeDocumentId ? ` (${t('apply.fromStore')})` : ''}`).join(', ') : t('apply.noFile')}
                  </li>
                );
              })}
            </ul>
            <Suspense fallback={null}>
              <PostChoiceOnApply
                chosen={byPost}
                onChosen={(b) => {
                  setByPost(b);
                  if (b && !receiver.fullName) setReceiver({ ...receiver, fullName: applicant.fullName ?? '', phone: applicant.phone ?? '', address: applicant.address ?? '' });
                }}
                receiver={receiver}
                onReceiver={setReceiver}
              />
            </Suspense>
            <p className="hint">{t('apply.declaration')}</p>
          </section>
        )}

        <div className="actions">
          {step > 0 && (
            <button type="button" onClick={() => setStep(step - 1)}>
              {t('common.back')}
            </button>
          )}
          <button type="button" onClick={() => void saveDraft()} disabled={busy}>
            {t('apply.saveDraft')}
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {step === 3 ? t('apply.submit') : t('common.next')}
          </button>
        </div>
      </form>
    </Page>
  );
}

export function FormInput({ field, value, onChange, error }: { field: FormField; value: unknown; onChange: (v: string) => void; error: string | undefined }) {
  const { t, lang } = useI18n();
  const v = value === undefined || value === null ? '' : String(value);
  const common = { label: fieldLabel(field, lang), required: field.required, error, value: v };
  if (field.type === 'textarea') return <TextArea {...common} maxLength={field.maxLength} onChange={(e) => onChange(e.target.value)} />;
  if (field.type === 'select')
    return (
      <SelectField {...common} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('apply.choose')}</option>
        {(field.options ?? []).map((o) => (
          <option key={o} value={o}>
            {optionLabel(field, o, lang)}
          </option>
        ))}
      </SelectField>
    );
  return <TextField {...common} type={field.type === 'number' ? 'number' : field.type === 'date' ? 'date' : 'text'} inputMode={field.type === 'number' ? 'numeric' : undefined} min={field.type === 'number' ? (field.min ?? 0) : undefined} max={field.type === 'number' ? field.max : field.type === 'date' && field.notFuture ? localToday() : undefined} maxLength={field.maxLength} onChange={(e) => onChange(e.target.value)} />;
}

/** Today in the browser's time zone, YYYY-MM-DD: a hint for date pickers (the server checks with its own clock). */
function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
