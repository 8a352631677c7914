import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorMessage } from '../api.ts';
import { ErrorMessage, StatusMessage } from '../components/Status.tsx';
import { TextField } from '../components/TextField.tsx';
import { formatDate } from '../format.ts';
import { ACCESS_LEVELS, DATA_THEMES, FREQUENCIES, LICENSES, licenseId, type AccessLevel, type Dataset, type DatasetMetadata } from '../types.ts';

interface Props {
  path: string;
  dataset: Dataset;
  canEdit: boolean;
  canChangeAccess: boolean;
  onSaved: (dataset: Dataset) => void;
}

/** Flat form state for the DCAT-AP.de fields; keywords are edited as a comma-separated list. */
interface Draft {
  title: string;
  description: string;
  accessLevel: AccessLevel;
  keywords: string;
  theme: string[];
  license: string;
  publisher: string;
  contactName: string;
  contactEmail: string;
  temporalStart: string;
  temporalEnd: string;
  spatial: string;
  accrualPeriodicity: string;
  source: string;
}

function draftOf(dataset: Dataset): Draft {
  const metadata = dataset.metadata ?? {};
  return {
    title: dataset.title,
    description: dataset.description ?? '',
    accessLevel: dataset.accessLevel,
    keywords: (metadata.keywords ?? []).join(', '),
    theme: metadata.theme ?? [],
    license: metadata.license ? licenseId(metadata.license) : '',
    publisher: metadata.publisher?.name ?? '',
    contactName: metadata.contactPoint?.name ?? '',
    contactEmail: metadata.contactPoint?.email ?? '',
    temporalStart: metadata.temporal?.start ?? '',
    temporalEnd: metadata.temporal?.end ?? '',
    spatial: metadata.spatial ?? '',
    accrualPeriodicity: metadata.accrualPeriodicity ?? '',
    source: metadata.source ?? '',
  };
}

function metadataOf(draft: Draft): DatasetMetadata {
  const optional = (value: string) => value.trim() || undefined;
  return {
    keywords: draft.keywords.split(',').map((keyword) => keyword.trim()).filter(Boolean),
    theme: draft.theme,
    license: optional(draft.license),
    publisher: draft.publisher.trim() ? { name: draft.publisher.trim() } : undefined,
    contactPoint: draft.contactName.trim() || draft.contactEmail.trim() ? { name: optional(draft.contactName), email: optional(draft.contactEmail) } : undefined,
    temporal: draft.temporalStart || draft.temporalEnd ? { start: optional(draft.temporalStart), end: optional(draft.temporalEnd) } : undefined,
    spatial: optional(draft.spatial),
    accrualPeriodicity: optional(draft.accrualPeriodicity),
    source: optional(draft.source),
  };
}

export function MetadataSection({ path, dataset, canEdit, canChangeAccess, onSaved }: Props) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);

  return (
    <section aria-labelledby="metadata-heading">
      <h2 id="metadata-heading">{t('metadata.title')}</h2>
      {editing ? (
        <MetadataForm
          path={path}
          dataset={dataset}
          canChangeAccess={canChangeAccess}
          onDone={(saved) => {
            if (saved) onSaved(saved);
            setEditing(false);
          }}
        />
      ) : (
        <>
          <MetadataView dataset={dataset} />
          {canEdit && (
            <button type="button" onClick={() => setEditing(true)}>
              {t('metadata.edit')}
            </button>
          )}
        </>
      )}
    </section>
  );
}

function MetadataView({ dataset }: { dataset: Dataset }) {
  const { t } = useTranslation();
  const metadata = dataset.metadata ?? {};
  const temporal = [metadata.temporal?.start, metadata.temporal?.end].map((value) => (value ? formatDate(value) : '…')).join(' – ');
  const rows: [string, string | undefined][] = [
    [t('fields.description'), dataset.description ?? undefined],
    [t('fields.accessLevel'), t(`accessLevels.${dataset.accessLevel}`)],
    [t('metadata.keywords'), metadata.keywords?.join(', ')],
    [t('metadata.theme'), metadata.theme?.map((code) => t(`themes.${code}`, { defaultValue: code })).join(', ')],
    [t('metadata.license'), metadata.license ? licenseId(metadata.license) : undefined],
    [t('metadata.publisher'), metadata.publisher?.name],
    [t('metadata.contact'), [metadata.contactPoint?.name, metadata.contactPoint?.email].filter(Boolean).join(', ')],
    [t('metadata.temporal'), metadata.temporal?.start || metadata.temporal?.end ? temporal : undefined],
    [t('metadata.spatial'), metadata.spatial],
    [t('metadata.accrualPeriodicity'), metadata.accrualPeriodicity ? t(`frequencies.${metadata.accrualPeriodicity}`, { defaultValue: metadata.accrualPeriodicity }) : undefined],
    [t('metadata.source'), metadata.source],
  ];
  return (
    <dl className="facts metadata">
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value || '–'}</dd>
        </div>
      ))}
    </dl>
  );
}

function MetadataForm({ path, dataset, canChangeAccess, onDone }: { path: string; dataset: Dataset; canChangeAccess: boolean; onDone: (saved: Dataset | null) => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft>(() => draftOf(dataset));
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  const set = (name: Exclude<keyof Draft, 'theme'>) => (event: { target: { value: string } }) => setDraft({ ...draft, [name]: event.target.value });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const body: Record<string, unknown> = { title: draft.title, description: draft.description, metadata: metadataOf(draft) };
      if (canChangeAccess && draft.accessLevel !== dataset.accessLevel) body.accessLevel = draft.accessLevel;
      const saved = await api<Dataset | { dataset: Dataset }>(path, { method: 'PATCH', body });
      setStatus(t('metadata.saved'));
      onDone(saved && typeof saved === 'object' && 'dataset' in saved ? saved.dataset : { ...dataset, ...(saved as Dataset) });
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };

  return (
    <form onSubmit={submit} className="panel metadata-form">
      <TextField id="meta-title" label={t('fields.title')} required value={draft.title} onChange={set('title')} />
      <div className="field">
        <label htmlFor="meta-description">{t('fields.description')}</label>
        <textarea id="meta-description" value={draft.description} onChange={set('description')} />
      </div>
      {canChangeAccess && (
        <div className="field">
          <label htmlFor="meta-access">{t('fields.accessLevel')}</label>
          <select id="meta-access" value={draft.accessLevel} onChange={set('accessLevel')}>
            {ACCESS_LEVELS.map((level) => (
              <option key={level} value={level}>
                {t(`accessLevels.${level}`)}
              </option>
            ))}
          </select>
        </div>
      )}
      <TextField id="meta-keywords" label={t('metadata.keywords')} hint={t('metadata.keywordsHint')} value={draft.keywords} onChange={set('keywords')} />
      <fieldset>
        <legend>{t('metadata.theme')}</legend>
        <div className="checkbox-grid">
          {DATA_THEMES.map((code) => (
            <div className="field checkbox" key={code}>
              <input
                id={`meta-theme-${code}`}
                type="checkbox"
                checked={draft.theme.includes(code)}
                onChange={() =>
                  setDraft({ ...draft, theme: draft.theme.includes(code) ? draft.theme.filter((entry) => entry !== code) : [...draft.theme, code] })
                }
              />
              <label htmlFor={`meta-theme-${code}`}>{t(`themes.${code}`)}</label>
            </div>
          ))}
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor="meta-license">{t('metadata.license')}</label>
        <select id="meta-license" value={draft.license} onChange={set('license')}>
          <option value="">{t('metadata.none')}</option>
          {[...new Set([...LICENSES, draft.license].filter(Boolean))].map((license) => (
            <option key={license} value={license}>
              {license}
            </option>
          ))}
        </select>
      </div>
      <TextField id="meta-publisher" label={t('metadata.publisher')} value={draft.publisher} onChange={set('publisher')} />
      <TextField id="meta-contact-name" label={t('metadata.contactName')} value={draft.contactName} onChange={set('contactName')} />
      <TextField id="meta-contact-email" type="email" label={t('metadata.contactEmail')} value={draft.contactEmail} onChange={set('contactEmail')} />
      <TextField id="meta-temporal-start" type="date" label={t('metadata.temporalStart')} value={draft.temporalStart} onChange={set('temporalStart')} />
      <TextField id="meta-temporal-end" type="date" label={t('metadata.temporalEnd')} value={draft.temporalEnd} onChange={set('temporalEnd')} />
      <TextField id="meta-spatial" label={t('metadata.spatial')} value={draft.spatial} onChange={set('spatial')} />
      <div className="field">
        <label htmlFor="meta-periodicity">{t('metadata.accrualPeriodicity')}</label>
        <select id="meta-periodicity" value={draft.accrualPeriodicity} onChange={set('accrualPeriodicity')}>
          <option value="">{t('metadata.none')}</option>
          {[...new Set([...FREQUENCIES, draft.accrualPeriodicity].filter(Boolean))].map((code) => (
            <option key={code} value={code}>
              {t(`frequencies.${code}`, { defaultValue: code })}
            </option>
          ))}
        </select>
      </div>
      <TextField id="meta-source" label={t('metadata.source')} value={draft.source} onChange={set('source')} />
      <ErrorMessage message={error} />
      <StatusMessage message={status} />
      <div className="actions">
        <button type="submit" className="primary">
          {t('common.save')}
        </button>
        <button type="button" onClick={() => onDone(null)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
