import { useState, type FormEvent } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, errorMessage, setCsrfToken } from '../api.ts';
import { ErrorMessage } from '../components/Status.tsx';
import { useSession } from '../session.tsx';

export function LoginPage() {
  const { t } = useTranslation();
  const { refresh, setMustChangePassword } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const result = await api<{ csrfToken: string; mustChangePassword?: boolean }>('/auth/login', { method: 'POST', body: { username, password } });
      setCsrfToken(result.csrfToken);
      await refresh();
      // GET /auth/me reports the flag too; the login response covers servers whose /auth/me does not.
      if (result.mustChangePassword) setMustChangePassword(true);
      const from = (location.state as { from?: string } | null)?.from;
      navigate(from && from !== '/anmelden' ? from : '/');
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="narrow">
      <h1>{t('login.title')}</h1>
      <p>{t('login.intro')}</p>
      <form onSubmit={submit} aria-describedby={error ? 'login-error' : undefined} noValidate>
        <div className="field">
          <label htmlFor="login-username">{t('login.username')}</label>
          <input
            id="login-username"
            name="username"
            autoComplete="username"
            required
            value={username}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'login-error' : undefined}
            onChange={(event) => setUsername(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="login-password">{t('login.password')}</label>
          <input
            id="login-password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'login-error' : undefined}
            onChange={(event) => setPassword(event.target.value)}
          />
        </div>
        <ErrorMessage id="login-error" message={error} />
        <button type="submit" className="primary" disabled={busy}>
          {t('login.submit')}
        </button>
      </form>
    </section>
  );
}
