/**
 * Questionnaires: every version (the city standard first), viewing one as its SurveyJS JSON, and for
 * administrators copying the standard one into a family of the unit's own and saving an edit of the JSON
 * as the next version. The server validates the JSON (the supported SurveyJS subset, the 15 SIPAS
 * questions) and answers refusals with their paths, shown under the editor; a syntax error is caught here.
 */
import { useState } from 'react';
import { api, ApiError, get } from '../lib/api.ts';
import { useI18n } from '../lib/i18n.tsx';
import { Link } from '../lib/router.tsx';
import { useAsync } from '../lib/use-async.ts';
import { useSave } from '../lib/use-save.ts';
import { formatDateTime } from '../lib/format.ts';
import type { Me } from '../lib/session.tsx';
import type { Organisation } from '../lib/types.ts';
import { ErrorBox, Loading, Notice, Page } from '../ui/page.tsx';
import { SelectField, TextArea } from '../ui/field.tsx';
import { RowButton } from '../ui/row-button.tsx';
import type { QuestionnaireView } from '../../../src/modules/surveys/contracts.ts';
import { subtree } from './surveys.tsx';

export function QuestionnairesPage({ me }: { me: Me }) {
  const { t } = useI18n();
  const admin = me.role === 'admin';
  const list = useAsync(() => get<{ items: QuestionnaireView[] }>('/api/surveys/questionnaires').then((r) => r.items), []);
  const orgs = useAsync(() => (admin ? get<{ items: Organisation[] }>('/api/organisations').then((r) => subtree(r.items, me.orgId)) : Promise.resolve([])), [admin, me.orgId]);
  const [org, setOrg] = useState(me.orgId ?? '');
  const [open, setOpen] = useState<{ q: QuestionnaireView; edit: boolean } | null>(null);
  const [notice, setNotice] = useState('');
  const copy = useSave();
  const doCopy = () =>
    void copy.run(async () => {
      const q = await api<QuestionnaireView>('POST', '/api/surveys/questionnaires', { orgId: org, basedOn: 'sipas-chuan-v1' });
      setNotice(t('sv.copied', { id: q.id }));
      await list.reload();
    });
  return (
    <Page title={t('sv.questionnaires')} actions={<Link href="/quan-ly/khao-sat">{t('sv.back')}</Link>}>
      <ErrorBox error={list.error ?? orgs.error} />
      {notice && <Notice kind="success">{notice}</Notice>}
      {list.loading && !list.data && <Loading />}
      {list.data && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('sv.questionnaire')}</th>
                <th scope="col">{t('sv.family')}</th>
                <th scope="col" className="num">{t('sv.version')}</th>
                <th scope="col">{t('sv.kind')}</th>
                <th scope="col">{t('sv.createdAt')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('sv.edit')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((q) => (
                <tr key={q.id}>
                  <td>
                    {q.title} <code>{q.id}</code>
                  </td>
                  <td>{q.family}</td>
                  <td className="num">{q.version}</td>
                  <td>{q.standard ? t('sv.standard') : `${t('sv.own')} (${q.orgId ?? ''})`}</td>
                  <td>{formatDateTime(q.createdAt)}</td>
                  <td>
                    <RowButton of={q.id} onClick={() => setOpen({ q, edit: false })}>
                      {t('sv.view')}
                    </RowButton>{' '}
                    {admin && !q.standard && (
                      <RowButton of={q.id} onClick={() => setOpen({ q, edit: true })}>
                        {t('sv.edit')}
                      </RowButton>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {admin ? (
        <section aria-labelledby="h-sv-copy">
          <h2 id="h-sv-copy">{t('sv.copy')}</h2>
          <SelectField label={t('sv.unit')} value={org} onChange={(e) => setOrg(e.target.value)} error={copy.fe('orgId')}>
            {(orgs.data ?? []).map((o) => (
              <option key={o.id} value={o.id} lang="vi">
                {o.name}
              </option>
            ))}
          </SelectField>
          <button type="button" className="primary" disabled={copy.busy || !org} onClick={doCopy}>
            {t('sv.copy')}
          </button>
          <ErrorBox error={copy.error} />
        </section>
      ) : (
        <p className="muted">{t('sv.adminOnly')}</p>
      )}
      {open && (
        <Editor
          key={`${open.q.id}|${open.edit}`}
          q={open.q}
          edit={open.edit}
          onClose={() => setOpen(null)}
          onSaved={async (saved) => {
            setNotice(t('sv.savedVersion', { version: saved.version }));
            setOpen({ q: saved, edit: true });
            await list.reload();
          }}
        />
      )}
    </Page>
  );
}

function Editor({ q, edit, onClose, onSaved }: { q: QuestionnaireView; edit: boolean; onClose: () => void; onSaved: (q: QuestionnaireView) => Promise<void> }) {
  const { t } = useI18n();
  const [text, setText] = useState(() => JSON.stringify(q.definition, null, 2));
  const { error, busy, run } = useSave();
  const save = () =>
    void run(async () => {
      let definition: unknown;
      try {
        definition = JSON.parse(text);
      } catch (e) {
        throw new ApiError(422, 'bad-json', t('sv.badJson', { error: e instanceof Error ? e.message : String(e) }));
      }
      await onSaved(await api<QuestionnaireView>('POST', '/api/surveys/questionnaires', { orgId: q.orgId, basedOn: q.id, newVersion: true, definition }));
    });
  return (
    <section aria-labelledby="h-sv-editor">
      <h2 id="h-sv-editor">{edit ? t('sv.editing', { id: q.id }) : t('sv.viewing', { id: q.id })}</h2>
      <TextArea label={t('sv.json')} hint={edit ? t('sv.jsonHint') : undefined} rows={20} spellCheck={false} readOnly={!edit} value={text} onChange={(e) => setText(e.target.value)} className="code" />
      <ErrorBox error={error} />
      <p className="actions">
        {edit && (
          <button type="button" className="primary" disabled={busy} onClick={save}>
            {t('sv.saveVersion')}
          </button>
        )}{' '}
        <button type="button" onClick={onClose}>
          {t('sv.cancel')}
        </button>
      </p>
    </section>
  );
}
