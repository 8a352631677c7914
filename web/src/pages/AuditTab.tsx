import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, API_BASE, errorMessage, listFrom, query } from '../api.ts';
import { ErrorMessage } from '../components/Status.tsx';
import { formatTimestamp } from '../format.ts';
import { TableScroll } from '../components/TableScroll.tsx';

interface AuditEntry {
  id: number;
  occurredAt: string;
  actor: string | null;
  action: string;
  objectType?: string | null;
  objectId?: string | null;
  details?: Record<string, unknown> | null;
  sourceAddress?: string | null;
}

interface Filters {
  actor: string;
  action: string;
  from: string;
  to: string;
}

const EMPTY: Filters = { actor: '', action: '', from: '', to: '' };

/** The server's audit action codes (AuditAction in src/audit/audit.ts); audit.actions in the catalogue labels each one. */
const ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'auth.password_change',
  'user.create',
  'dataspace.create',
  'member.add',
  'member.role_change',
  'member.remove',
  'token.create',
  'token.revoke',
  'dataset.create',
  'dataset.update',
  'dataset.access_level_change',
  'dataset.delete',
  'import.commit',
  'import.failed',
  'version.restore',
];

/**
 * Returns the readable name of an entry's object: the slug or name from the details where the
 * object id is an internal number (imports store the dataset id, tokens their row id).
 */
function objectName(entry: AuditEntry): string {
  const details = entry.details ?? {};
  if (typeof details.dataset === 'string') return details.dataset;
  if (entry.objectType === 'token' && typeof details.name === 'string') return `„${details.name}“ (${entry.objectId ?? ''})`;
  return entry.objectId ?? '';
}

export function AuditTab({ space }: { space: string }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const search = query({ dataspace: space, ...filters });

  useEffect(() => {
    setError(null);
    api(`/audit${search}`)
      .then((body) => setEntries(listFrom<AuditEntry>(body, 'entries')))
      .catch((caught) => setError(errorMessage(caught)));
  }, [search]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFilters(draft);
  };

  const objectText = (entry: AuditEntry) => {
    if (!entry.objectType) return entry.objectId ?? '';
    const type = t(`audit.objectTypes.${entry.objectType}`, { defaultValue: entry.objectType });
    return `${type} ${objectName(entry)}`.trim();
  };

  const field = (name: keyof Filters, type: string) => (
    <div className="field">
      <label htmlFor={`audit-${name}`}>{t(`audit.${name}`)}</label>
      <input id={`audit-${name}`} type={type} value={draft[name]} onChange={(e) => setDraft({ ...draft, [name]: e.target.value })} />
    </div>
  );

  return (
    <section aria-labelledby="audit-heading">
      <h2 id="audit-heading" className="visually-hidden">{t('space.audit')}</h2>
      <form onSubmit={submit} className="filters">
        {field('actor', 'text')}
        <div className="field">
          <label htmlFor="audit-action">{t('audit.action')}</label>
          <select id="audit-action" value={draft.action} onChange={(e) => setDraft({ ...draft, action: e.target.value })}>
            <option value="">{t('audit.allActions')}</option>
            {ACTIONS.map((action) => (
              <option key={action} value={action}>
                {t(`audit.actions.${action}`)}
              </option>
            ))}
          </select>
        </div>
        {field('from', 'date')}
        {field('to', 'date')}
        <button type="submit" className="primary">
          {t('audit.apply')}
        </button>
      </form>
      <p>
        <a href={`${API_BASE}/audit${query({ dataspace: space, ...filters, format: 'csv' })}`} download>
          {t('audit.csv')}
        </a>
      </p>
      <ErrorMessage message={error} />
      {entries && (
        <TableScroll label={t('space.audit')}>
          <table className="data">
            <caption className="visually-hidden">{t('space.audit')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('audit.time')}</th>
                <th scope="col">{t('audit.actor')}</th>
                <th scope="col">{t('audit.action')}</th>
                <th scope="col">{t('audit.object')}</th>
                <th scope="col">{t('audit.address')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => {
                return (
                  <tr key={entry.id}>
                    <td>{formatTimestamp(entry.occurredAt)}</td>
                    <td>{entry.actor ?? ''}</td>
                    <td>{t(`audit.actions.${entry.action}`, { defaultValue: entry.action })}</td>
                    <td>{objectText(entry)}</td>
                    <td>{entry.sourceAddress ?? ''}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
      )}
      {entries?.length === 0 && <p>{t('audit.none')}</p>}
    </section>
  );
}
