import { useTranslation } from 'react-i18next';
import { formatNumber } from '../format.ts';
import type { Column } from '../types.ts';
import { TableScroll } from '../components/TableScroll.tsx';

export function SchemaTable({ columns, version }: { columns: Column[]; version: number | null }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="schema-heading">
      <h2 id="schema-heading">{t('schema.title')}</h2>
      {version !== null && <p className="meta">{t('schema.version', { version: formatNumber(version) })}</p>}
      <TableScroll label={t('schema.title')}>
        <table className="data schema">
          <caption className="visually-hidden">{t('schema.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('schema.name')}</th>
              <th scope="col">{t('schema.type')}</th>
              <th scope="col">{t('schema.unit')}</th>
              <th scope="col">{t('schema.description')}</th>
              <th scope="col">{t('schema.key')}</th>
            </tr>
          </thead>
          <tbody>
            {columns.map((column) => (
              <tr key={column.name}>
                <th scope="row">{column.name}</th>
                <td>{t(`types.${column.type}`)}</td>
                <td>{column.unit ?? ''}</td>
                <td>{column.description ?? ''}</td>
                <td>{column.key ? t('common.yes') : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}
