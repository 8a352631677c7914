import { useTranslation } from 'react-i18next';
import type { ImportResponse } from '../importTypes.ts';
import { TableScroll } from '../../components/TableScroll.tsx';

const SHOWN_DETECTION = ['format', 'encoding', 'delimiter', 'hasBom', 'sheet', 'headerRow', 'footnoteRows', 'srid', 'layer'];

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return String((value as { type?: string }).type ?? JSON.stringify(value));
  return String(value);
}

function detectionText(name: string, value: unknown, t: (key: string, options?: { defaultValue: string }) => string): string {
  if (name === 'format') return t(`wizard.formats.${String(value)}`, { defaultValue: String(value) });
  if (name === 'delimiter' && value === '\t') return t('wizard.upload.delimiters.tab');
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  return String(value);
}

export function PreviewStep({ upload, onBack, onNext }: { upload: ImportResponse; onBack: () => void; onNext: () => void }) {
  const { t } = useTranslation();
  const detection = SHOWN_DETECTION.filter((name) => upload.detection[name] !== undefined && upload.detection[name] !== null);
  const rows = upload.preview ?? [];

  const valueOf = (row: unknown[] | Record<string, unknown>, index: number) => {
    if (Array.isArray(row)) return row[index];
    const column = upload.columns[index];
    return row[column.sourceName ?? column.name] ?? row[column.name];
  };

  return (
    <>
      <h3>{t('wizard.preview.detected')}</h3>
      <dl className="facts">
        {detection.map((name) => (
          <div key={name}>
            <dt>{t(`wizard.detection.${name}`)}</dt>
            <dd>{detectionText(name, upload.detection[name], t)}</dd>
          </div>
        ))}
      </dl>
      <h3>{t('wizard.preview.rows', { count: rows.length })}</h3>
      <TableScroll label={t('wizard.preview.tableLabel')}>
        <table className="data preview">
          <caption className="visually-hidden">{t('wizard.preview.tableLabel')}</caption>
          <thead>
            <tr>
              {upload.columns.map((column) => (
                <th key={column.sourceName ?? column.name} scope="col">
                  {column.sourceName ?? column.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, rowIndex) => (
              <tr key={rowIndex}>
                {upload.columns.map((column, index) => (
                  <td key={column.sourceName ?? column.name}>{cellText(valueOf(row, index))}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <div className="actions">
        <button type="button" onClick={onBack}>
          {t('wizard.back')}
        </button>
        <button type="button" className="primary" onClick={onNext}>
          {t('wizard.next')}
        </button>
      </div>
    </>
  );
}
