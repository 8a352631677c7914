import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorMessage, listFrom } from '../api.ts';
import { ErrorMessage, StatusMessage } from '../components/Status.tsx';
import { TextField } from '../components/TextField.tsx';
import { ROLES, type Role } from '../types.ts';
import { TableScroll } from '../components/TableScroll.tsx';
import { ConfirmButton } from '../components/ConfirmButton.tsx';

interface Member {
  username: string;
  displayName?: string | null;
  role: Role;
}

export function MembersTab({ space, canManage }: { space: string; canManage: boolean }) {
  const { t } = useTranslation();
  const [members, setMembers] = useState<Member[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const path = `/dataspaces/${encodeURIComponent(space)}/members`;

  const load = useCallback(async () => {
    try {
      setMembers(listFrom<Member>(await api(path), 'members'));
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }, [path]);

  useEffect(() => {
    void load();
  }, [load]);

  const run = async (action: () => Promise<unknown>, done: string) => {
    setError(null);
    setStatus(null);
    try {
      await action();
      setStatus(done);
      await load();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };

  const changeRole = (member: Member, role: Role) =>
    run(
      () => api(path, { method: 'POST', body: { username: member.username, role } }),
      t('members.roleChanged', { username: member.username, role: t(`roles.${role}`) }),
    );

  const remove = (member: Member) =>
    run(
      () => api(`${path}/${encodeURIComponent(member.username)}`, { method: 'DELETE' }),
      t('members.removed', { username: member.username }),
    );

  return (
    <section aria-labelledby="members-heading">
      <h2 id="members-heading" className="visually-hidden">{t('space.members')}</h2>
      <ErrorMessage message={error} />
      <StatusMessage message={status} />
      {members?.length === 0 && <p>{t('members.none')}</p>}
      {members && members.length > 0 && (
        <TableScroll label={t('space.members')}>
          <table className="data">
            <caption className="visually-hidden">{t('space.members')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('fields.username')}</th>
                <th scope="col">{t('fields.displayName')}</th>
                <th scope="col">{t('members.role')}</th>
                {canManage && <th scope="col">{t('common.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {members.map((member) => (
                <tr key={member.username}>
                  <td>{member.username}</td>
                  <td>{member.displayName ?? ''}</td>
                  <td>
                    {canManage ? (
                      <select
                        aria-label={t('members.roleOf', { username: member.username })}
                        value={member.role}
                        onChange={(event) => changeRole(member, event.target.value as Role)}
                      >
                        {ROLES.map((role) => (
                          <option key={role} value={role}>
                            {t(`roles.${role}`)}
                          </option>
                        ))}
                      </select>
                    ) : (
                      t(`roles.${member.role}`)
                    )}
                  </td>
                  {canManage && (
                    <td>
                      <ConfirmButton
                        className="danger"
                        question={t('members.confirmRemove', { username: member.username })}
                        confirmLabel={t('members.confirmRemoveSubmit')}
                        onConfirm={() => remove(member)}
                      >
                        {t('members.remove', { username: member.username })}
                      </ConfirmButton>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {canManage && (
        <AddMemberForm
          onAdd={(username, role) =>
            run(
              () => api(path, { method: 'POST', body: { username, role } }),
              t('members.added', { username, role: t(`roles.${role}`) }),
            )
          }
        />
      )}
    </section>
  );
}

function AddMemberForm({ onAdd }: { onAdd: (username: string, role: Role) => Promise<void> }) {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<Role>('lesen');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await onAdd(username.trim(), role);
    setUsername('');
  };

  return (
    <form onSubmit={submit} className="panel" aria-labelledby="add-member-heading">
      <h3 id="add-member-heading">{t('members.add')}</h3>
      <TextField id="member-username" label={t('fields.username')} required value={username} onChange={(e) => setUsername(e.target.value)} />
      <div className="field">
        <label htmlFor="member-role">{t('members.role')}</label>
        <select id="member-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {ROLES.map((entry) => (
            <option key={entry} value={entry}>
              {t(`roles.${entry}`)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="primary">
        {t('members.addSubmit')}
      </button>
    </form>
  );
}
