import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorMessage } from '../api.ts';
import { ErrorMessage, StatusMessage } from '../components/Status.tsx';
import { TextField } from '../components/TextField.tsx';
import { useSession } from '../session.tsx';

/** Minimum password length; the server checks the same limit and rejects shorter passwords with 400. */
const MIN_PASSWORD_LENGTH = 10;

interface FieldErrors {
  newPassword?: string;
  repeat?: string;
}

export function AccountPage() {
  const { t } = useTranslation();
  const { user, mustChangePassword, setMustChangePassword } = useSession();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const validate = (): FieldErrors => {
    const errors: FieldErrors = {};
    if (newPassword.length < MIN_PASSWORD_LENGTH) {
      errors.newPassword = t('account.tooShort', { length: newPassword.length, min: MIN_PASSWORD_LENGTH });
    }
    if (repeat !== newPassword) errors.repeat = t('account.mismatch');
    return errors;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setStatus(null);
    const errors = validate();
    setFieldErrors(errors);
    if (errors.newPassword || errors.repeat) return;

    setBusy(true);
    try {
      await api('/auth/password', { method: 'POST', body: { currentPassword, newPassword } });
      setStatus(t('account.changed'));
      setMustChangePassword(false);
      setCurrentPassword('');
      setNewPassword('');
      setRepeat('');
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="narrow">
      <h1>{t('account.title')}</h1>
      <p>{t('account.signedInAs', { name: user?.displayName || user?.username, username: user?.username })}</p>
      {mustChangePassword && <p className="message notice">{t('account.mustChange')}</p>}
      <form onSubmit={submit} aria-labelledby="password-heading" noValidate>
        <h2 id="password-heading">{t('account.changePassword')}</h2>
        <TextField
          id="account-current"
          label={t('account.current')}
          type="password"
          autoComplete="current-password"
          required
          value={currentPassword}
          onChange={(e) => setCurrentPassword(e.target.value)}
        />
        <TextField
          id="account-new"
          label={t('account.new')}
          hint={t('account.newHint', { min: MIN_PASSWORD_LENGTH })}
          error={fieldErrors.newPassword}
          type="password"
          autoComplete="new-password"
          required
          minLength={MIN_PASSWORD_LENGTH}
          value={newPassword}
          onChange={(e) => setNewPassword(e.target.value)}
        />
        <TextField
          id="account-repeat"
          label={t('account.repeat')}
          error={fieldErrors.repeat}
          type="password"
          autoComplete="new-password"
          required
          value={repeat}
          onChange={(e) => setRepeat(e.target.value)}
        />
        <ErrorMessage message={error} />
        <StatusMessage message={status} />
        <button type="submit" className="primary" disabled={busy}>
          {t('account.submit')}
        </button>
      </form>
    </section>
  );
}
