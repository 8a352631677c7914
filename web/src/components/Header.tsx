import { useEffect, useRef, useState } from 'react';
import { Link, NavLink, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { applyLanguage, type Language } from '../i18n/i18n.ts';
import { useSession } from '../session.tsx';

export function Header() {
  const { t, i18n } = useTranslation();
  const { user, logout } = useSession();

  return (
    <header className="site-header">
      <div className="brand">
        <Link to="/">{t('app.name')}</Link>
      </div>
      <nav aria-label={t('nav.label')}>
        <ul>
          {user && (
            <li>
              <NavLink to="/" end>
                {t('nav.overview')}
              </NavLink>
            </li>
          )}
          <li>
            <NavLink to="/katalog">{t('nav.catalog')}</NavLink>
          </li>
          {user && (
            <li>
              <NavLink to="/tokens">{t('nav.tokens')}</NavLink>
            </li>
          )}
        </ul>
      </nav>
      <div className="header-tools">
        <label className="language-switch">
          <span>{t('nav.language')}</span>
          <select value={i18n.language} onChange={(event) => applyLanguage(event.target.value as Language)}>
            <option value="de" lang="de">Deutsch</option>
            <option value="en" lang="en">English</option>
          </select>
        </label>
        {user ? <UserMenu name={user.displayName || user.username} onLogout={logout} /> : <Link to="/anmelden">{t('nav.login')}</Link>}
      </div>
    </header>
  );
}

/** Disclosure menu: Escape closes it and returns focus to its button. */
function UserMenu({ name, onLogout }: { name: string; onLogout: () => Promise<void> }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
      }
    };
    document.addEventListener('keydown', close);
    return () => document.removeEventListener('keydown', close);
  }, [open]);

  return (
    <div className="user-menu">
      <button ref={button} type="button" aria-expanded={open} aria-controls="user-menu-panel" onClick={() => setOpen(!open)}>
        {t('nav.userMenu', { name })}
      </button>
      {open && (
        <div id="user-menu-panel" className="menu-panel">
          <Link to="/konto" onClick={() => setOpen(false)}>
            {t('nav.account')}
          </Link>
          <Link to="/tokens" onClick={() => setOpen(false)}>
            {t('nav.tokens')}
          </Link>
          <button
            type="button"
            onClick={async () => {
              setOpen(false);
              await onLogout();
              navigate('/anmelden');
            }}
          >
            {t('nav.logout')}
          </button>
        </div>
      )}
    </div>
  );
}
