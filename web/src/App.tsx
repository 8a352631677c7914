import { useEffect, useRef } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Header } from './components/Header.tsx';
import { useSession } from './session.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { OverviewPage } from './pages/OverviewPage.tsx';
import { CatalogPage } from './pages/CatalogPage.tsx';
import { DataspacePage } from './pages/DataspacePage.tsx';
import { DatasetPage } from './pages/DatasetPage.tsx';
import { ImportWizard } from './pages/ImportWizard.tsx';
import { TokensPage } from './pages/TokensPage.tsx';
import { AccountPage } from './pages/AccountPage.tsx';
import { PasswordNotice } from './components/PasswordNotice.tsx';

function RequireLogin({ children }: { children: React.ReactElement }) {
  const { loaded, user } = useSession();
  const location = useLocation();
  const { t } = useTranslation();
  if (!loaded) return <p role="status">{t('common.loading')}</p>;
  if (!user) return <Navigate to="/anmelden" replace state={{ from: location.pathname + location.search }} />;
  return children;
}

export function App() {
  const { t } = useTranslation();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  const previousPath = useRef(location.pathname);

  // Screen readers announce nothing on client-side navigation, so focus moves to the new content.
  // The first page load keeps the browser's own focus, so Tab still reaches the skip link first.
  useEffect(() => {
    if (previousPath.current === location.pathname) return;
    previousPath.current = location.pathname;
    main.current?.focus();
  }, [location.pathname]);

  return (
    <>
      <a className="skip-link" href="#inhalt">
        {t('nav.skip')}
      </a>
      <Header />
      <main id="inhalt" ref={main} tabIndex={-1}>
        <PasswordNotice />
        <Routes>
          <Route path="/anmelden" element={<LoginPage />} />
          <Route path="/katalog" element={<CatalogPage />} />
          <Route path="/" element={<RequireLogin><OverviewPage /></RequireLogin>} />
          <Route path="/tokens" element={<RequireLogin><TokensPage /></RequireLogin>} />
          <Route path="/konto" element={<RequireLogin><AccountPage /></RequireLogin>} />
          <Route path="/datenraeume/:space" element={<RequireLogin><DataspacePage /></RequireLogin>} />
          <Route path="/datenraeume/:space/:tab" element={<RequireLogin><DataspacePage /></RequireLogin>} />
          <Route path="/datenraeume/:space/datensaetze/:dataset" element={<DatasetPage />} />
          <Route
            path="/datenraeume/:space/datensaetze/:dataset/import"
            element={<RequireLogin><ImportWizard /></RequireLogin>}
          />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </main>
      <footer className="site-footer">
        <p>{t('footer.text')}</p>
      </footer>
    </>
  );
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <>
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.text')}</p>
    </>
  );
}
