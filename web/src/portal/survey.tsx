/**
 * The SIPAS survey answer page (/khao-sat/:token), for a phone first: the questionnaire (SurveyJS JSON,
 * the subset validated by the server) drawn one page per factor, answers saved against the link to
 * resume later, submitted once. Loaded on demand: the portal entry bundle stays small.
 */
import { useState } from 'react';
import { api, ApiError } from '../lib/api.ts';
import { useI18n } from '../lib/i18n.tsx';
import { useAsync } from '../lib/use-async.ts';
import { useSave } from '../lib/use-save.ts';
import { ErrorBox, Loading, Notice, Page } from '../ui/page.tsx';
import type { LocString, PublicSurvey, SurveyAnswers } from '../../../src/modules/surveys/contracts.ts';

export function SurveyPage({ token }: { token: string }) {
  const { t, lang } = useI18n();
  const url = `/api/public/surveys/${encodeURIComponent(token)}`;
  const loaded = useAsync(() => api<PublicSurvey>('GET', url), [url]);
  const [answers, setAnswers] = useState<SurveyAnswers | null>(null);
  const [done, setDone] = useState(false);
  const [saved, setSaved] = useState(false);
  const { error, busy, run } = useSave();
  const text = (s: LocString | undefined) => (s === undefined ? '' : typeof s === 'string' ? s : lang === 'en' ? (s.en ?? s.default) : s.default);
  if (done) return <Page title={t('survey.title')}><Notice kind="success">{t('survey.thanks')}</Notice></Page>;
  if (loaded.error) {
    const gone = loaded.error instanceof ApiError && loaded.error.status === 410;
    return <Page title={t('survey.title')}>{gone ? <Notice>{loaded.error.message}</Notice> : <ErrorBox error={loaded.error} />}</Page>;
  }
  if (!loaded.data) return <Loading />;
  const survey = loaded.data;
  const current = answers ?? survey.answers;
  const set = (name: string, value: number | string) => {
    setSaved(false);
    setAnswers({ ...current, [name]: value });
  };
  const save = () => run(async () => { await api('PUT', `${url}/draft`, { answers: current }); setSaved(true); });
  const submit = () => run(async () => { await api('POST', url, { answers: current }); setDone(true); });
  return (
    <Page title={text(survey.definition.title)}>
      <p className="muted">{survey.orgName} · {survey.roundName}</p>
      {survey.definition.description ? <p>{text(survey.definition.description)}</p> : null}
      {survey.definition.pages.map((p) => (
        <section key={p.name} aria-labelledby={`sv-${p.name}`}>
          <h2 id={`sv-${p.name}`}>{text(p.title) || p.name}</h2>
          {p.elements.map((q) =>
            q.type === 'rating' ? (
              <fieldset key={q.name} className="rating">
                <legend>{text(q.title)}{q.isRequired ? ' *' : ''}</legend>
                {[1, 2, 3, 4, 5].map((v) => (
                  <label key={v} className="choice">
                    <input type="radio" name={q.name} value={v} checked={current[q.name] === v} onChange={() => set(q.name, v)} />{' '}
                    {v} {text(q.rateValues?.find((r) => r.value === v)?.text)}
                  </label>
                ))}
                {error?.field(`answers.${q.name}`) ? <p className="error">{error.field(`answers.${q.name}`)}</p> : null}
              </fieldset>
            ) : (
              <label key={q.name} className="field">
                {text(q.title)}
                <textarea name={q.name} maxLength={q.maxLength ?? 2000} value={String(current[q.name] ?? '')} onChange={(e) => set(q.name, e.target.value)} />
              </label>
            ),
          )}
        </section>
      ))}
      <ErrorBox error={error} />
      {saved ? <Notice kind="success">{t('survey.saved')}</Notice> : null}
      <p className="actions">
        <button type="button" onClick={save} disabled={busy}>{t('survey.save')}</button>{' '}
        <button type="button" className="primary" onClick={submit} disabled={busy}>{t('survey.submit')}</button>
      </p>
    </Page>
  );
}
