import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorMessage } from '../api.ts';
import { ErrorMessage, StatusMessage } from '../components/Status.tsx';
import { TextField } from '../components/TextField.tsx';

export function CreateUserForm() {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [isAdmin, setIsAdmin] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setStatus(null);
    try {
      await api('/users', { method: 'POST', body: { username, displayName, password, isAdmin } });
      setStatus(t('overview.userCreated', { username }));
      setUsername('');
      setDisplayName('');
      setPassword('');
      setIsAdmin(false);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };

  return (
    <form onSubmit={submit} className="panel" aria-labelledby="new-user-heading">
      <h3 id="new-user-heading">{t('overview.newUser')}</h3>
      <TextField id="user-username" label={t('fields.username')} required value={username} onChange={(e) => setUsername(e.target.value)} />
      <TextField id="user-display" label={t('fields.displayName')} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
      <TextField
        id="user-password"
        type="password"
        autoComplete="new-password"
        label={t('fields.password')}
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      <div className="field checkbox">
        <input id="user-admin" type="checkbox" checked={isAdmin} onChange={(e) => setIsAdmin(e.target.checked)} />
        <label htmlFor="user-admin">{t('fields.isAdmin')}</label>
      </div>
      <ErrorMessage message={error} />
      <StatusMessage message={status} />
      <button type="submit" className="primary">
        {t('overview.createUser')}
      </button>
    </form>
  );
}
