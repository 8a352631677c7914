import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorMessage, listFrom } from '../api.ts';
import { ErrorMessage, StatusMessage } from '../components/Status.tsx';
import { formatNumber, formatTimestamp } from '../format.ts';
import type { Version } from '../types.ts';
import { TableScroll } from '../components/TableScroll.tsx';
import { ConfirmButton } from '../components/ConfirmButton.tsx';

export function VersionHistory({ path, canRestore, onRestored }: { path: string; canRestore: boolean; onRestored: () => void }) {
  const { t } = useTranslation();
  const [versions, setVersions] = useState<Version[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setVersions(listFrom<Version>(await api(`${path}/versions`), 'versions'));
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }, [path]);

  useEffect(() => {
    void load();
  }, [load]);

  const restore = async (version: number) => {
    setError(null);
    setStatus(null);
    try {
      await api(`${path}/versions/${version}/restore`, { method: 'POST' });
      setStatus(t('versions.restored', { version: formatNumber(version) }));
      await load();
      onRestored();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };

  return (
    <section aria-labelledby="versions-heading">
      <h2 id="versions-heading">{t('versions.title')}</h2>
      <ErrorMessage message={error} />
      <StatusMessage message={status} />
      {versions?.length === 0 && <p>{t('versions.none')}</p>}
      {versions && versions.length > 0 && (
        <TableScroll label={t('versions.title')}>
          <table className="data">
            <caption className="visually-hidden">{t('versions.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('versions.version')}</th>
                <th scope="col">{t('versions.status')}</th>
                <th scope="col">{t('versions.rows')}</th>
                <th scope="col">{t('versions.created')}</th>
                <th scope="col">{t('versions.by')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((version) => (
                <tr key={version.version}>
                  <td className="number">{formatNumber(version.version)}</td>
                  <td>{version.isCurrent ? t('versions.current') : t(`versions.statuses.${version.status}`, { defaultValue: version.status })}</td>
                  <td className="number">{version.rowCount == null ? '–' : formatNumber(version.rowCount)}</td>
                  <td>{formatTimestamp(version.createdAt)}</td>
                  <td>{version.createdBy ?? ''}</td>
                  <td>
                    {canRestore && !version.isCurrent && version.status === 'ready' && (
                      <ConfirmButton
                        question={t('versions.confirmRestore', { version: formatNumber(version.version), created: formatTimestamp(version.createdAt) })}
                        confirmLabel={t('versions.confirmRestoreSubmit')}
                        onConfirm={() => restore(version.version)}
                      >
                        {t('versions.restore', { version: formatNumber(version.version) })}
                      </ConfirmButton>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}
