import { useEffect, useState } from 'react';
import { NavLink, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { useSession } from '../session.tsx';
import { roleAtLeast, type Dataspace } from '../types.ts';
import { DatasetsTab } from './DatasetsTab.tsx';
import { MembersTab } from './MembersTab.tsx';
import { AuditTab } from './AuditTab.tsx';

export function DataspacePage() {
  const { t } = useTranslation();
  const { space = '', tab = '' } = useParams();
  const { roleIn, roleLabelIn } = useSession();
  const [info, setInfo] = useState<Dataspace | null>(null);

  useEffect(() => {
    // NOTE: the page still works when the server offers no GET /dataspaces/{space}: it then shows the slug as name.
    api<Dataspace | { dataspace: Dataspace }>(`/dataspaces/${encodeURIComponent(space)}`)
      .then((body) => setInfo('dataspace' in body ? body.dataspace : body))
      .catch(() => setInfo({ slug: space, name: space }));
  }, [space]);

  const role = info?.role ?? roleIn(space);
  const coordinator = roleAtLeast(role, 'koordination');
  const base = `/datenraeume/${space}`;

  return (
    <>
      <h1>{t('space.title', { name: info?.name ?? space })}</h1>
      {info?.description && <p>{info.description}</p>}
      {info?.responsibleOffice && <p className="meta">{t('space.office', { office: info.responsibleOffice })}</p>}
      <p className="meta">{t('space.yourRole', { role: info?.role ? t(`roles.${info.role}`) : roleLabelIn(space, t) })}</p>
      <nav aria-label={t('space.sections')} className="tabs">
        <NavLink to={base} end>
          {t('space.datasets')}
        </NavLink>
        <NavLink to={`${base}/mitglieder`}>{t('space.members')}</NavLink>
        {coordinator && <NavLink to={`${base}/audit`}>{t('space.audit')}</NavLink>}
      </nav>
      {tab === 'mitglieder' ? (
        <MembersTab space={space} canManage={coordinator} />
      ) : tab === 'audit' ? (
        coordinator ? <AuditTab space={space} /> : <p>{t('space.auditNotAllowed')}</p>
      ) : (
        <DatasetsTab space={space} canCreate={roleAtLeast(role, 'entwicklung')} />
      )}
    </>
  );
}
