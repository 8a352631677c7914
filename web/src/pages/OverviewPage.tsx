import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, errorMessage, listFrom } from '../api.ts';
import { ErrorMessage } from '../components/Status.tsx';
import { useSession } from '../session.tsx';
import type { Dataspace } from '../types.ts';
import { formatNumber } from '../format.ts';
import { CreateDataspaceForm } from './CreateDataspaceForm.tsx';
import { CreateUserForm } from './CreateUserForm.tsx';

export function OverviewPage() {
  const { t } = useTranslation();
  const { user, roleLabelIn, refresh } = useSession();
  const [spaces, setSpaces] = useState<Dataspace[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setSpaces(listFrom<Dataspace>(await api('/dataspaces'), 'dataspaces'));
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <>
      <h1>{t('overview.title')}</h1>
      <p>{t('overview.welcome', { name: user?.displayName || user?.username })}</p>
      <ErrorMessage message={error} />
      <section aria-labelledby="spaces-heading">
        <h2 id="spaces-heading">{t('overview.spaces')}</h2>
        {spaces === null && !error && <p role="status">{t('common.loading')}</p>}
        {spaces?.length === 0 && <p>{user?.isAdmin ? t('overview.noSpacesAdmin') : t('overview.noSpaces')}</p>}
        <ul className="cards">
          {spaces?.map((space) => {
            return (
              <li key={space.slug} className="card">
                <h3>
                  <Link to={`/datenraeume/${space.slug}`}>{space.name}</Link>
                </h3>
                {space.description && <p>{space.description}</p>}
                <dl className="facts">
                  <dt>{t('overview.role')}</dt>
                  <dd>{space.role ? t(`roles.${space.role}`) : roleLabelIn(space.slug, t)}</dd>
                  <dt>{t('overview.datasetCount')}</dt>
                  <dd>{formatNumber(space.datasetCount ?? 0)}</dd>
                </dl>
              </li>
            );
          })}
        </ul>
      </section>
      {user?.isAdmin && (
        <section aria-labelledby="admin-heading" className="admin">
          <h2 id="admin-heading">{t('overview.admin')}</h2>
          <CreateDataspaceForm
            onCreated={async () => {
              await refresh();
              await load();
            }}
          />
          <CreateUserForm />
        </section>
      )}
    </>
  );
}
