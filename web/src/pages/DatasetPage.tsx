import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, ApiProblem, datasetPath, errorMessage } from '../api.ts';
import { ErrorMessage } from '../components/Status.tsx';
import { DataTable } from '../components/DataTable.tsx';
import { MapPreview } from '../components/MapPreview.tsx';
import { useSession } from '../session.tsx';
import { roleAtLeast, type Column, type Dataset } from '../types.ts';
import { MetadataSection } from './MetadataSection.tsx';
import { SchemaTable } from './SchemaTable.tsx';
import { VersionHistory } from './VersionHistory.tsx';
import { ApiAccess } from './ApiAccess.tsx';

interface SchemaResponse {
  version: number | null;
  columns: Column[];
}

export function DatasetPage() {
  const { t } = useTranslation();
  const { space = '', dataset: slug = '' } = useParams();
  const { roleIn, user } = useSession();
  const [dataset, setDataset] = useState<Dataset | null>(null);
  const [schema, setSchema] = useState<SchemaResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reloads, setReloads] = useState(0);
  const path = datasetPath(space, slug);

  const load = useCallback(async () => {
    try {
      const body = await api<Dataset | { dataset: Dataset }>(path);
      setDataset('dataset' in body ? body.dataset : body);
    } catch (caught) {
      setError(errorMessage(caught));
      return;
    }
    try {
      setSchema(await api<SchemaResponse>(`${path}/schema`));
    } catch (caught) {
      // A dataset without any imported version has no schema yet; the page then offers the import.
      if (caught instanceof ApiProblem && caught.status === 404) setSchema({ version: null, columns: [] });
      else setError(errorMessage(caught));
    }
  }, [path]);

  useEffect(() => {
    void load();
  }, [load, reloads]);

  const role = user ? roleIn(space) : null;
  if (error && !dataset) {
    return (
      <>
        <h1>{t('dataset.notAvailable')}</h1>
        <ErrorMessage message={error} />
      </>
    );
  }
  if (!dataset) return <p role="status">{t('common.loading')}</p>;

  const columns = schema?.columns ?? [];
  const hasGeometry = columns.some((column) => column.type === 'geometry');
  const hasData = columns.length > 0;

  return (
    <>
      <p className="breadcrumb">
        <Link to={`/datenraeume/${space}`}>{t('dataset.backToSpace')}</Link>
      </p>
      <h1>{dataset.title}</h1>
      <ErrorMessage message={error} />
      {roleAtLeast(role, 'redaktion') && (
        <p>
          <Link className="button primary" to={`/datenraeume/${space}/datensaetze/${slug}/import`}>
            {t('dataset.import')}
          </Link>
        </p>
      )}
      <MetadataSection
        path={path}
        dataset={dataset}
        canEdit={roleAtLeast(role, 'redaktion')}
        canChangeAccess={roleAtLeast(role, 'koordination')}
        onSaved={setDataset}
      />
      {hasData ? (
        <>
          <SchemaTable columns={columns} version={schema?.version ?? null} />
          <section aria-labelledby="data-heading">
            <h2 id="data-heading">{t('dataset.data')}</h2>
            <DataTable key={`${path}@${schema?.version}`} rowsPath={`${path}/rows`} columns={columns} />
          </section>
          {hasGeometry && (
            <section aria-labelledby="map-heading">
              <h2 id="map-heading">{t('map.title')}</h2>
              <MapPreview key={`${path}@${schema?.version}`} rowsPath={`${path}/rows`} />
            </section>
          )}
          <ApiAccess rowsPath={`${path}/rows`} hasGeometry={hasGeometry} />
        </>
      ) : (
        <p>{t('dataset.noData')}</p>
      )}
      {user && <VersionHistory path={path} canRestore={roleAtLeast(role, 'koordination')} onRestored={() => setReloads(reloads + 1)} />}
    </>
  );
}
