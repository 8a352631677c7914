import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorMessage } from '../../api.ts';
import { ErrorMessage } from '../../components/Status.tsx';
import { formatNumber } from '../../format.ts';
import type { Column } from '../../types.ts';
import type { ColumnReport, CommitResult, ImportResponse, OnError, SchemaDiff } from '../importTypes.ts';
import { TableScroll } from '../../components/TableScroll.tsx';

interface Props {
  path: string;
  upload: ImportResponse;
  columns: Column[];
  onBack: () => void;
  onCommitted: (result: CommitResult) => void;
}

/**
 * Validation report, schema diff and the choice how to treat invalid rows, then the commit.
 * The report describes the types detected at upload. When the review changed types or the key,
 * the server validates again on commit, and a 422 then shows its new findings here.
 */
export function ReportStep({ path, upload, columns, onBack, onCommitted }: Props) {
  const { t } = useTranslation();
  const [onError, setOnError] = useState<OnError>('abort');
  const [confirmBreaking, setConfirmBreaking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const report = upload.report ?? {};
  const diff = upload.diff ?? null;
  const breaking = !!diff?.breaking;
  const duplicates = report.duplicateKeys?.count ?? 0;

  const commit = async () => {
    setBusy(true);
    setError(null);
    try {
      const body = { columns, onError, confirmBreaking };
      onCommitted(await api<CommitResult>(`${path}/imports/${encodeURIComponent(String(upload.id))}/commit`, { method: 'POST', body }));
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {report.rowCount !== undefined && <p>{t('wizard.report.rowCount', { count: report.rowCount, formatted: formatNumber(report.rowCount) })}</p>}
      {report.summary && <p lang="de">{report.summary}</p>}
      <ColumnReports report={report.columns ?? []} />
      {duplicates > 0 && (
        <p className="warning">
          {t('wizard.report.duplicateKeys', { count: duplicates, formatted: formatNumber(duplicates), column: report.duplicateKeys?.column ?? '' })}{' '}
          {(report.duplicateKeys?.examples ?? []).map((example) => t('wizard.report.example', { line: formatNumber(example.row ?? 0), value: String(example.value ?? '') })).join('; ')}
        </p>
      )}
      {(report.missingSourceColumns ?? []).length > 0 && (
        <p className="warning">{t('wizard.report.missingSourceColumns', { names: report.missingSourceColumns!.join(', ') })}</p>
      )}
      {(report.warnings ?? []).map((warning) => (
        <p key={warning} className="warning" lang="de">
          {warning}
        </p>
      ))}
      {diff && diff.currentVersion != null && <DiffView diff={diff} />}
      <fieldset>
        <legend>{t('wizard.report.onError')}</legend>
        {(['abort', 'skip', 'null'] as const).map((choice) => (
          <div className="field checkbox" key={choice}>
            <input id={`on-error-${choice}`} type="radio" name="on-error" value={choice} checked={onError === choice} onChange={() => setOnError(choice)} />
            <label htmlFor={`on-error-${choice}`}>{t(`wizard.report.choices.${choice}`)}</label>
          </div>
        ))}
      </fieldset>
      {breaking && (
        <div className="field checkbox">
          <input id="confirm-breaking" type="checkbox" checked={confirmBreaking} aria-describedby="breaking-hint" onChange={(e) => setConfirmBreaking(e.target.checked)} />
          <label htmlFor="confirm-breaking">{t('wizard.report.confirmBreaking')}</label>
          <span id="breaking-hint" className="hint">
            {t('wizard.report.breakingHint')}
          </span>
        </div>
      )}
      <ErrorMessage message={error} />
      {busy && <p role="status">{t('wizard.report.committing')}</p>}
      <div className="actions">
        <button type="button" onClick={onBack}>
          {t('wizard.back')}
        </button>
        <button type="button" className="primary" disabled={busy || (breaking && !confirmBreaking)} onClick={commit}>
          {t('wizard.report.commit')}
        </button>
      </div>
    </>
  );
}

function ColumnReports({ report }: { report: ColumnReport[] }) {
  const { t } = useTranslation();
  if (report.length === 0) return <p>{t('wizard.report.noColumnReport')}</p>;
  return (
    <TableScroll label={t('wizard.report.tableLabel')}>
      <table className="data report">
        <caption className="visually-hidden">{t('wizard.report.tableLabel')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('schema.name')}</th>
            <th scope="col">{t('schema.type')}</th>
            <th scope="col">{t('wizard.report.typeErrors')}</th>
            <th scope="col">{t('wizard.report.examples')}</th>
            <th scope="col">{t('wizard.report.empty')}</th>
            <th scope="col">{t('wizard.report.placeholders')}</th>
          </tr>
        </thead>
        <tbody>
          {report.map((column) => {
            const errors = column.typeErrors?.count ?? 0;
            const examples = [...(column.typeErrors?.examples ?? []), ...(column.geometry?.invalid.examples ?? [])];
            return (
              <tr key={column.name} className={errors > 0 ? 'has-errors' : undefined}>
                <th scope="row">{column.name}</th>
                <td>{column.type ? t(`types.${column.type}`) : ''}</td>
                <td className="number">{formatNumber(errors + (column.geometry?.invalid.count ?? 0))}</td>
                <td>
                  {examples
                    .map((example) => t('wizard.report.example', { line: formatNumber(example.row ?? example.line ?? 0), value: String(example.value ?? '') }))
                    .join('; ')}
                </td>
                <td className="number">{formatNumber(column.empty ?? 0)}</td>
                <td className="number">{formatNumber(column.placeholders ?? 0)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}

function DiffView({ diff }: { diff: SchemaDiff }) {
  const { t } = useTranslation();
  const typeName = (type: string) => t(`types.${type}`);
  const items = [
    ...(diff.added ?? []).map((entry) => t('wizard.diff.added', { name: entry.name, type: typeName(entry.type) })),
    ...(diff.missing ?? []).map((entry) => t('wizard.diff.missing', { name: entry.name, type: typeName(entry.type) })),
    ...(diff.renamed ?? []).map((entry) => t('wizard.diff.renamed', { from: entry.from, to: entry.to })),
    ...(diff.typeChanged ?? []).map((entry) => t('wizard.diff.typeChanged', { name: entry.name, from: typeName(entry.from), to: typeName(entry.to) })),
  ];
  const rows = diff.rowCount;
  return (
    <section aria-labelledby="diff-heading" className={diff.breaking ? 'panel warning' : 'panel'}>
      <h3 id="diff-heading">{t('wizard.diff.title', { version: formatNumber(diff.currentVersion ?? 0) })}</h3>
      {items.length === 0 ? (
        <p>{t('wizard.diff.none')}</p>
      ) : (
        <ul>
          {items.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
      )}
      {rows && rows.old != null && <p>{t('wizard.diff.rows', { before: formatNumber(rows.old), after: formatNumber(rows.new) })}</p>}
      {diff.breaking && <p className="field-error">{t('wizard.diff.breaking')}</p>}
    </section>
  );
}
