import { useTranslation } from 'react-i18next';
import { COLUMN_TYPES, type Column, type ColumnType } from '../../types.ts';
import { TableScroll } from '../../components/TableScroll.tsx';

interface Props {
  columns: Column[];
  onChange: (columns: Column[]) => void;
  onBack: () => void;
  onNext: () => void;
}

export function TypesStep({ columns, onChange, onBack, onNext }: Props) {
  const { t } = useTranslation();
  const update = (index: number, change: Partial<Column>) => onChange(columns.map((column, i) => (i === index ? { ...column, ...change } : column)));
  const setKey = (index: number | null) => onChange(columns.map((column, i) => ({ ...column, key: i === index })));
  const emptyNames = columns.some((column) => !column.name.trim());

  return (
    <>
      <p>{t('wizard.types.intro')}</p>
      <TableScroll label={t('wizard.types.tableLabel')}>
        <table className="data types-table">
          <caption className="visually-hidden">{t('wizard.types.tableLabel')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('wizard.types.source')}</th>
              <th scope="col">{t('schema.name')}</th>
              <th scope="col">{t('schema.type')}</th>
              <th scope="col">{t('schema.unit')}</th>
              <th scope="col">{t('schema.description')}</th>
              <th scope="col">{t('schema.key')}</th>
            </tr>
          </thead>
          <tbody>
            {columns.map((column, index) => {
              const source = column.sourceName ?? column.name;
              return (
                <tr key={source}>
                  <th scope="row">{source}</th>
                  <td>
                    <input
                      aria-label={t('wizard.types.nameOf', { column: source })}
                      value={column.name}
                      aria-invalid={!column.name.trim() || undefined}
                      onChange={(e) => update(index, { name: e.target.value })}
                    />
                  </td>
                  <td>
                    <select
                      aria-label={t('wizard.types.typeOf', { column: source })}
                      value={column.type}
                      onChange={(e) => update(index, { type: e.target.value as ColumnType })}
                    >
                      {COLUMN_TYPES.map((type) => (
                        <option key={type} value={type}>
                          {t(`types.${type}`)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <input aria-label={t('wizard.types.unitOf', { column: source })} value={column.unit ?? ''} onChange={(e) => update(index, { unit: e.target.value || null })} />
                  </td>
                  <td>
                    <input
                      aria-label={t('wizard.types.descriptionOf', { column: source })}
                      value={column.description ?? ''}
                      onChange={(e) => update(index, { description: e.target.value || null })}
                    />
                  </td>
                  <td>
                    <input
                      type="radio"
                      name="key-column"
                      aria-label={t('wizard.types.keyOf', { column: source })}
                      checked={!!column.key}
                      onChange={() => setKey(index)}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
      <div className="field checkbox">
        <input id="no-key" type="radio" name="key-column" checked={!columns.some((column) => column.key)} onChange={() => setKey(null)} />
        <label htmlFor="no-key">{t('wizard.types.noKey')}</label>
      </div>
      {emptyNames && (
        <p className="field-error" role="alert">
          {t('wizard.types.emptyName')}
        </p>
      )}
      <div className="actions">
        <button type="button" onClick={onBack}>
          {t('wizard.back')}
        </button>
        <button type="button" className="primary" disabled={emptyNames} onClick={onNext}>
          {t('wizard.next')}
        </button>
      </div>
    </>
  );
}
