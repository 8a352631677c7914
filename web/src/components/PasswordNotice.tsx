import { Link, useLocation } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useSession } from '../session.tsx';

/** Banner for accounts that still use a one-time password; the account page itself shows the form instead. */
export function PasswordNotice() {
  const { t } = useTranslation();
  const { user, mustChangePassword } = useSession();
  const location = useLocation();
  if (!user || !mustChangePassword || location.pathname === '/konto') return null;

  return (
    <p className="message notice">
      {t('account.mustChange')} <Link to="/konto">{t('account.changeNow')}</Link>
    </p>
  );
}
