import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorMessage } from '../api.ts';
import { ErrorMessage, StatusMessage } from '../components/Status.tsx';
import { TextField } from '../components/TextField.tsx';

export const SLUG_PATTERN = '[a-z0-9][a-z0-9\\-]{1,62}';

export function CreateDataspaceForm({ onCreated }: { onCreated: () => Promise<void> }) {
  const { t } = useTranslation();
  const [slug, setSlug] = useState('');
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setStatus(null);
    try {
      await api('/dataspaces', { method: 'POST', body: { slug, name, description } });
      setStatus(t('overview.spaceCreated', { name }));
      setSlug('');
      setName('');
      setDescription('');
      await onCreated();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };

  return (
    <form onSubmit={submit} className="panel" aria-labelledby="new-space-heading">
      <h3 id="new-space-heading">{t('overview.newSpace')}</h3>
      <TextField id="space-name" label={t('fields.name')} required value={name} onChange={(e) => setName(e.target.value)} />
      <TextField
        id="space-slug"
        label={t('fields.slug')}
        hint={t('fields.slugHint')}
        required
        pattern={SLUG_PATTERN}
        value={slug}
        onChange={(e) => setSlug(e.target.value)}
      />
      <div className="field">
        <label htmlFor="space-description">{t('fields.description')}</label>
        <textarea id="space-description" value={description} onChange={(e) => setDescription(e.target.value)} />
      </div>
      <ErrorMessage message={error} />
      <StatusMessage message={status} />
      <button type="submit" className="primary">
        {t('overview.createSpace')}
      </button>
    </form>
  );
}
