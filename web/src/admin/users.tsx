import { useState, type FormEvent } from 'react';
import { api, get } from '../lib/api.ts';
import { useI18n } from '../lib/i18n.tsx';
import { useAsync } from '../lib/use-async.ts';
import type { Organisation } from '../lib/types.ts';
import { ErrorBox, Loading, Notice } from '../ui/page.tsx';
import { SelectField, TextField } from '../ui/field.tsx';
import { useSave } from '../lib/use-save.ts';
import { RowButton } from '../ui/row-button.tsx';
import type { z } from 'zod';
import type { Officer as OfficerSchema } from '../../../src/modules/admin/contracts.ts';

type Officer = z.infer<typeof OfficerSchema>;
const ROLES = ['reception', 'specialist', 'leader', 'manager', 'admin'];

/** Officer accounts in the administrator's subtree: create, change role or organisation, lock. */
export function UsersAdmin() {
  const { t } = useI18n();
  const data = useAsync(async () => {
    const [users, orgs] = await Promise.all([get<{ items: Officer[] }>('/api/users'), get<{ items: Organisation[] }>('/api/organisations')]);
    return { users: users.items, orgs: orgs.items };
  }, []);
  const create = useSave();
  const change = useSave();
  const [v, setV] = useState({ username: '', fullName: '', role: 'reception', orgId: '', password: '' });
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });
  if (data.loading && !data.data) return <Loading />;
  if (!data.data) return <ErrorBox error={data.error} />;
  const { users, orgs } = data.data;
  const orgName = (id: string) => orgs.find((o) => o.id === id)?.name ?? id;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await create.run(() => api('POST', '/api/users', { ...v, username: v.username.trim(), fullName: v.fullName.trim(), orgId: v.orgId || orgs[0]?.id }))) {
      setV({ username: '', fullName: '', role: 'reception', orgId: v.orgId, password: '' });
      await data.reload();
    }
  };
  const update = async (u: Officer, body: Record<string, unknown>) => {
    if (await change.run(() => api('PUT', `/api/users/${u.id}`, body))) await data.reload();
  };
  return (
    <>
      <section className="panel" aria-labelledby="new-user-h">
        <h2 id="new-user-h">{t('user.create')}</h2>
        <ErrorBox error={create.error} />
        {create.saved && <Notice kind="success">{t('admin.saved')}</Notice>}
        <form onSubmit={submit}>
          <TextField label={t('user.username')} value={v.username} onChange={set('username')} required autoComplete="off" error={create.fe('username')} />
          <TextField label={t('user.fullName')} value={v.fullName} onChange={set('fullName')} required error={create.fe('fullName')} />
          <SelectField label={t('user.role')} value={v.role} onChange={set('role')} error={create.fe('role')}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`user.role.${r}`)}
              </option>
            ))}
          </SelectField>
          <SelectField label={t('user.org')} value={v.orgId} onChange={set('orgId')} required error={create.fe('orgId')}>
            <option value="">—</option>
            {orgs.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </SelectField>
          <TextField label={t('user.password')} type="password" value={v.password} onChange={set('password')} required minLength={10} autoComplete="new-password" error={create.fe('password')} />
          <button type="submit" className="primary" disabled={create.busy}>
            {t('user.create')}
          </button>
        </form>
      </section>
      <h2>{t('user.list', { n: users.length })}</h2>
      <ErrorBox error={change.error} />
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('user.username')}</th>
              <th scope="col">{t('user.fullName')}</th>
              <th scope="col">{t('user.role')}</th>
              <th scope="col">{t('user.org')}</th>
              <th scope="col">{t('user.status')}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>{u.username}</td>
                <td>{u.fullName}</td>
                <td>
                  <select aria-label={`${t('user.role')}: ${u.username}`} value={u.role} onChange={(e) => void update(u, { role: e.target.value })}>
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {t(`user.role.${r}`)}
                      </option>
                    ))}
                  </select>
                </td>
                <td>{orgName(u.orgId)}</td>
                <td>
                  {u.active ? t('admin.active') : t('admin.inactive')}{' '}
                  <RowButton of={u.username} className="link" onClick={() => void update(u, { active: !u.active })}>
                    {u.active ? t('user.deactivate') : t('user.activate')}
                  </RowButton>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
