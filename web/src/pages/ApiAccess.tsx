import { useTranslation } from 'react-i18next';
import { API_BASE } from '../api.ts';
import { CopyButton } from '../components/CopyButton.tsx';

/** Copyable curl example and download links for the dataset's rows endpoint. */
export function ApiAccess({ rowsPath, hasGeometry }: { rowsPath: string; hasGeometry: boolean }) {
  const { t } = useTranslation();
  const url = `${window.location.origin}${API_BASE}${rowsPath}`;
  const example = `curl -H "Authorization: Bearer $DATAHUB_TOKEN" "${url}?limit=10"`;
  const downloads = [
    { label: t('api.csv'), search: 'format=csv' },
    { label: t('api.csvExcel'), search: 'format=csv&dialect=excel-de' },
    ...(hasGeometry ? [{ label: t('api.geojson'), search: 'format=geojson' }] : []),
    { label: t('api.xlsx'), search: 'format=xlsx' },
  ];

  return (
    <section aria-labelledby="api-heading">
      <h2 id="api-heading">{t('api.title')}</h2>
      <p>{t('api.intro')}</p>
      <pre className="code" aria-label={t('api.example')} tabIndex={0}>
        <code>{example}</code>
      </pre>
      <CopyButton text={example} label={t('api.copy')} />
      <h3>{t('api.downloads')}</h3>
      <ul className="downloads">
        {downloads.map((download) => (
          <li key={download.search}>
            <a href={`${API_BASE}${rowsPath}?${download.search}`} download>
              {download.label}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
