import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, errorMessage, query } from '../api.ts';
import { ErrorMessage } from '../components/Status.tsx';
import { formatNumber } from '../format.ts';
import { ACCESS_LEVELS } from '../types.ts';

interface CatalogResult {
  slug: string;
  title: string;
  description?: string | null;
  accessLevel: string;
  theme?: string[] | string | null;
  space: { slug: string; name: string };
  keywords?: string[];
}

interface FacetEntry {
  value: string;
  label?: string;
  count: number;
}

interface CatalogResponse {
  results: CatalogResult[];
  total: number;
  facets?: { space?: FacetEntry[]; accessLevel?: FacetEntry[]; theme?: FacetEntry[] };
}

function themeText(theme: CatalogResult['theme'], t: (key: string, options: { defaultValue: string }) => string): string {
  const codes = theme ? ([] as string[]).concat(theme) : [];
  return codes.length ? ` · ${codes.map((code) => t(`themes.${code}`, { defaultValue: code })).join(', ')}` : '';
}

export function CatalogPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get('q') ?? '');
  const [data, setData] = useState<CatalogResponse | null>(null);
  const [error, setError] = useState<string | null>(null);

  const q = params.get('q') ?? '';
  const space = params.get('space') ?? '';
  const accessLevel = params.get('accessLevel') ?? '';
  const theme = params.get('theme') ?? '';

  useEffect(() => {
    let current = true;
    setError(null);
    api<CatalogResponse>(`/catalog${query({ q, space, accessLevel, theme })}`)
      .then((response) => current && setData(response))
      .catch((caught) => current && setError(errorMessage(caught)));
    return () => {
      current = false;
    };
  }, [q, space, accessLevel, theme]);

  const setFilter = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next);
  };

  const search = (event: FormEvent) => {
    event.preventDefault();
    setFilter('q', text.trim());
  };

  const spaces = data?.facets?.space ?? [];
  const themes = data?.facets?.theme ?? [];

  return (
    <>
      <h1>{t('catalog.title')}</h1>
      <form role="search" onSubmit={search} className="search-form">
        <label htmlFor="catalog-q">{t('catalog.search')}</label>
        <input id="catalog-q" type="search" value={text} onChange={(event) => setText(event.target.value)} />
        <button type="submit" className="primary">
          {t('catalog.submit')}
        </button>
      </form>
      <div className="filters">
        <div className="field">
          <label htmlFor="catalog-space">{t('catalog.space')}</label>
          <select id="catalog-space" value={space} onChange={(event) => setFilter('space', event.target.value)}>
            <option value="">{t('catalog.all')}</option>
            {spaces.map((entry) => (
              <option key={entry.value} value={entry.value}>
                {(entry.label ?? entry.value) + ` (${formatNumber(entry.count)})`}
              </option>
            ))}
            {space && !spaces.some((entry) => entry.value === space) && <option value={space}>{space}</option>}
          </select>
        </div>
        <div className="field">
          <label htmlFor="catalog-access">{t('catalog.accessLevel')}</label>
          <select id="catalog-access" value={accessLevel} onChange={(event) => setFilter('accessLevel', event.target.value)}>
            <option value="">{t('catalog.all')}</option>
            {ACCESS_LEVELS.map((level) => (
              <option key={level} value={level}>
                {t(`accessLevels.${level}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="catalog-theme">{t('catalog.theme')}</label>
          <select id="catalog-theme" value={theme} onChange={(event) => setFilter('theme', event.target.value)}>
            <option value="">{t('catalog.all')}</option>
            {themes.map((entry) => (
              <option key={entry.value} value={entry.value}>
                {t(`themes.${entry.value}`, { defaultValue: entry.value }) + ` (${formatNumber(entry.count)})`}
              </option>
            ))}
            {theme && !themes.some((entry) => entry.value === theme) && <option value={theme}>{theme}</option>}
          </select>
        </div>
      </div>
      <ErrorMessage message={error} />
      <p role="status">{data ? t('catalog.count', { count: data.total, formatted: formatNumber(data.total) }) : t('common.loading')}</p>
      <ul className="results">
        {data?.results.map((result) => {
          const owner = result.space;
          return (
            <li key={`${owner.slug}/${result.slug}`} className="card">
              <h2>
                <Link to={`/datenraeume/${owner.slug}/datensaetze/${result.slug}`}>{result.title}</Link>
              </h2>
              {result.description && <p>{result.description}</p>}
              <p className="meta">
                {owner.name} · {t(`accessLevels.${result.accessLevel}`)}
                {themeText(result.theme, t)}
              </p>
            </li>
          );
        })}
      </ul>
    </>
  );
}
