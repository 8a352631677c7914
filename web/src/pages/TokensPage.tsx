import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorMessage, listFrom } from '../api.ts';
import { CopyButton } from '../components/CopyButton.tsx';
import { ErrorMessage, StatusMessage } from '../components/Status.tsx';
import { TextField } from '../components/TextField.tsx';
import { formatTimestamp } from '../format.ts';
import type { Dataspace } from '../types.ts';
import { TableScroll } from '../components/TableScroll.tsx';
import { ConfirmButton } from '../components/ConfirmButton.tsx';

interface Token {
  id: number;
  name: string;
  dataspaces: (string | { slug: string })[];
  access: 'read' | 'write';
  expiresAt?: string | null;
  createdAt?: string;
  lastUsedAt?: string | null;
  revokedAt?: string | null;
}

const slugOf = (entry: string | { slug: string }) => (typeof entry === 'string' ? entry : entry.slug);

export function TokensPage() {
  const { t } = useTranslation();
  const [tokens, setTokens] = useState<Token[] | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setTokens(listFrom<Token>(await api('/tokens'), 'tokens'));
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const revoke = async (token: Token) => {
    setError(null);
    try {
      await api(`/tokens/${token.id}`, { method: 'DELETE' });
      setStatus(t('tokens.revoked', { name: token.name }));
      await load();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };

  return (
    <>
      <h1>{t('tokens.title')}</h1>
      <p>{t('tokens.intro')}</p>
      <ErrorMessage message={error} />
      <StatusMessage message={status} />
      {created && (
        <div className="panel token-once" role="region" aria-labelledby="token-once-heading">
          <h2 id="token-once-heading">{t('tokens.createdTitle')}</h2>
          <p>{t('tokens.onlyOnce')}</p>
          <pre className="code" tabIndex={0} aria-label={t('tokens.value')}>
            <code>{created}</code>
          </pre>
          <CopyButton text={created} label={t('tokens.copy')} />
        </div>
      )}
      <section aria-labelledby="token-list-heading">
        <h2 id="token-list-heading">{t('tokens.list')}</h2>
        {tokens?.length === 0 && <p>{t('tokens.none')}</p>}
        {tokens && tokens.length > 0 && (
          <TableScroll label={t('tokens.list')}>
            <table className="data">
              <caption className="visually-hidden">{t('tokens.list')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('fields.name')}</th>
                  <th scope="col">{t('tokens.spaces')}</th>
                  <th scope="col">{t('tokens.access')}</th>
                  <th scope="col">{t('tokens.expires')}</th>
                  <th scope="col">{t('tokens.lastUsed')}</th>
                  <th scope="col">{t('common.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {tokens.map((token) => (
                  <tr key={token.id}>
                    <td>{token.name}</td>
                    <td>{token.dataspaces.map(slugOf).join(', ')}</td>
                    <td>{t(`tokens.accessLevels.${token.access}`)}</td>
                    <td>{token.expiresAt ? formatTimestamp(token.expiresAt) : t('tokens.never')}</td>
                    <td>{token.lastUsedAt ? formatTimestamp(token.lastUsedAt) : '–'}</td>
                    <td>
                      {token.revokedAt ? (
                        t('tokens.isRevoked')
                      ) : (
                        <ConfirmButton
                          className="danger"
                          question={t('tokens.confirmRevoke', { name: token.name })}
                          confirmLabel={t('tokens.confirmRevokeSubmit')}
                          onConfirm={() => revoke(token)}
                        >
                          {t('tokens.revoke', { name: token.name })}
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
      <CreateTokenForm
        onCreated={async (secret) => {
          setCreated(secret);
          await load();
        }}
      />
    </>
  );
}

function CreateTokenForm({ onCreated }: { onCreated: (secret: string) => Promise<void> }) {
  const { t } = useTranslation();
  const [spacesAvailable, setSpacesAvailable] = useState<Dataspace[]>([]);
  const [name, setName] = useState('');
  const [spaces, setSpaces] = useState<string[]>([]);
  const [access, setAccess] = useState<'read' | 'write'>('read');
  const [expires, setExpires] = useState('');
  const [error, setError] = useState<string | null>(null);

  // GET /dataspaces lists the user's dataspaces, and every dataspace for platform admins.
  useEffect(() => {
    api('/dataspaces')
      .then((body) => setSpacesAvailable(listFrom<Dataspace>(body, 'dataspaces')))
      .catch((caught) => setError(errorMessage(caught)));
  }, []);

  const toggle = (slug: string) => setSpaces(spaces.includes(slug) ? spaces.filter((entry) => entry !== slug) : [...spaces, slug]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      // The token stays valid through the whole expiry day, in the browser's time zone.
      const expiresAt = expires ? new Date(`${expires}T23:59:59`).toISOString() : undefined;
      const result = await api<{ token: string }>('/tokens', { method: 'POST', body: { name, dataspaces: spaces, access, expiresAt } });
      setName('');
      setSpaces([]);
      await onCreated(result.token);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };

  return (
    <form onSubmit={submit} className="panel" aria-labelledby="new-token-heading">
      <h2 id="new-token-heading">{t('tokens.create')}</h2>
      <TextField id="token-name" label={t('fields.name')} required value={name} onChange={(e) => setName(e.target.value)} />
      <fieldset>
        <legend>{t('tokens.spaces')}</legend>
        {spacesAvailable.length === 0 && <p>{t('tokens.noSpaces')}</p>}
        {spacesAvailable.map((membership) => (
          <div className="field checkbox" key={membership.slug}>
            <input id={`token-space-${membership.slug}`} type="checkbox" checked={spaces.includes(membership.slug)} onChange={() => toggle(membership.slug)} />
            <label htmlFor={`token-space-${membership.slug}`}>{membership.name}</label>
          </div>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('tokens.access')}</legend>
        {(['read', 'write'] as const).map((value) => (
          <div className="field checkbox" key={value}>
            <input id={`token-access-${value}`} type="radio" name="token-access" checked={access === value} onChange={() => setAccess(value)} />
            <label htmlFor={`token-access-${value}`}>{t(`tokens.accessLevels.${value}`)}</label>
          </div>
        ))}
      </fieldset>
      <TextField id="token-expires" type="date" label={t('tokens.expires')} hint={t('tokens.expiresHint')} value={expires} onChange={(e) => setExpires(e.target.value)} />
      <ErrorMessage message={error} />
      <button type="submit" className="primary">
        {t('tokens.createSubmit')}
      </button>
    </form>
  );
}
