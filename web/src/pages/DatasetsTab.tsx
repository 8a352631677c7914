import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, errorMessage, listFrom } from '../api.ts';
import { ErrorMessage, StatusMessage } from '../components/Status.tsx';
import { TextField } from '../components/TextField.tsx';
import { formatNumber, formatTimestamp } from '../format.ts';
import { ACCESS_LEVELS, type AccessLevel, type Dataset } from '../types.ts';
import { SLUG_PATTERN } from './CreateDataspaceForm.tsx';
import { TableScroll } from '../components/TableScroll.tsx';

export function DatasetsTab({ space, canCreate }: { space: string; canCreate: boolean }) {
  const { t } = useTranslation();
  const [datasets, setDatasets] = useState<Dataset[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setDatasets(listFrom<Dataset>(await api(`/dataspaces/${encodeURIComponent(space)}/datasets`), 'datasets'));
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }, [space]);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section aria-labelledby="datasets-heading">
      <h2 id="datasets-heading" className="visually-hidden">{t('space.datasets')}</h2>
      <ErrorMessage message={error} />
      {datasets?.length === 0 && <p>{t('space.noDatasets')}</p>}
      {datasets && datasets.length > 0 && (
        <TableScroll label={t('space.datasets')}>
          <table className="data">
            <caption className="visually-hidden">{t('space.datasets')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('fields.title')}</th>
                <th scope="col">{t('fields.accessLevel')}</th>
                <th scope="col">{t('space.rows')}</th>
                <th scope="col">{t('space.updated')}</th>
              </tr>
            </thead>
            <tbody>
              {datasets.map((dataset) => (
                <tr key={dataset.slug}>
                  <td>
                    <Link to={`/datenraeume/${space}/datensaetze/${dataset.slug}`}>{dataset.title}</Link>
                  </td>
                  <td>{t(`accessLevels.${dataset.accessLevel}`)}</td>
                  <td className="number">{dataset.rowCount == null ? '–' : formatNumber(dataset.rowCount)}</td>
                  <td>{dataset.updatedAt ? formatTimestamp(dataset.updatedAt) : '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {canCreate && <NewDatasetForm space={space} onCreated={load} />}
    </section>
  );
}

function NewDatasetForm({ space, onCreated }: { space: string; onCreated: () => Promise<void> }) {
  const { t } = useTranslation();
  const [title, setTitle] = useState('');
  const [slug, setSlug] = useState('');
  const [accessLevel, setAccessLevel] = useState<AccessLevel>('datenraum');
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setStatus(null);
    try {
      await api(`/dataspaces/${encodeURIComponent(space)}/datasets`, { method: 'POST', body: { slug, title, accessLevel } });
      setStatus(t('space.datasetCreated', { title }));
      setTitle('');
      setSlug('');
      await onCreated();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };

  return (
    <form onSubmit={submit} className="panel" aria-labelledby="new-dataset-heading">
      <h3 id="new-dataset-heading">{t('space.newDataset')}</h3>
      <TextField id="dataset-title" label={t('fields.title')} required value={title} onChange={(e) => setTitle(e.target.value)} />
      <TextField
        id="dataset-slug"
        label={t('fields.slug')}
        hint={t('fields.slugHint')}
        required
        pattern={SLUG_PATTERN}
        value={slug}
        onChange={(e) => setSlug(e.target.value)}
      />
      <div className="field">
        <label htmlFor="dataset-access">{t('fields.accessLevel')}</label>
        <select id="dataset-access" value={accessLevel} onChange={(e) => setAccessLevel(e.target.value as AccessLevel)}>
          {ACCESS_LEVELS.map((level) => (
            <option key={level} value={level}>
              {t(`accessLevels.${level}`)}
            </option>
          ))}
        </select>
      </div>
      <ErrorMessage message={error} />
      <StatusMessage message={status} />
      <button type="submit" className="primary">
        {t('space.createDataset')}
      </button>
    </form>
  );
}
