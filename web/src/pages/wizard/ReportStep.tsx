import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorMessage } from '../../api.ts';
import { ErrorMessage } from '../../components/Status.tsx';
import { formatNumber } from '../../format.ts';
import type { Column } from '../../types.ts';
import type { ColumnReport, CommitResult, ErrorExample, ImportResponse, OnError, SchemaDiff } from '../importTypes.ts';

function countOf(value: number | { count?: number } | Record<string, number> | undefined): number {
  if (typeof value === 'number') return value;
  if (!value) return 0;
  if ('count' in value && typeof value.count === 'number') return value.count;
  return Object.values(value).reduce<number>((sum, entry) => sum + (typeof entry === 'number' ? entry : 0), 0);
}

function examplesOf(column: ColumnReport): ErrorExample[] {
  if (column.typeErrors && typeof column.typeErrors === 'object' && column.typeErrors.examples) return column.typeErrors.examples;
  return column.examples ?? [];
}

/** Validation report, schema diff and the choice how to treat invalid rows, then the commit. */
export function ReportStep(props: { path: string; upload: ImportResponse; columns: Column[]; onBack: () => void; onCommitted: (result: CommitResult) => void }) {
  const { path, upload, columns, onBack, onCommitted } = props;
  const { t } = useTranslation();
  const [onError, setOnError] = useState<OnError>('abort');
  const [confirmBreaking, setConfirmBreaking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const report = upload.report ?? {};
  const diff = upload.diff ?? null;
  const breaking = !!diff?.breaking;
  const rowCount = report.rowCount ?? report.rows;

  const commit = async () => {
    setBusy(true);
    setError(null);
    try {
      const body = { columns, onError, confirmBreaking };
      onCommitted(await api<CommitResult>(`${path}/imports/${upload.id}/commit`, { method: 'POST', body }));
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {rowCount !== undefined && <p>{t('wizard.report.rowCount', { count: rowCount, formatted: formatNumber(rowCount) })}</p>}
      <ColumnReports report={report.columns ?? []} />
      {countOf(report.duplicateKeys) > 0 && (
        <p className="warning">{t('wizard.report.duplicateKeys', { count: countOf(report.duplicateKeys), formatted: formatNumber(countOf(report.duplicateKeys)) })}</p>
      )}
      {[...(report.messages ?? []), ...(report.warnings ?? [])].map((message) => (
        <p key={message} className="warning">
          {message}
        </p>
      ))}
      {diff && <DiffView diff={diff} />}
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
    <div className="table-scroll" tabIndex={0} role="region" aria-label={t('wizard.report.tableLabel')}>
      <table className="data report">
        <caption className="visually-hidden">{t('wizard.report.tableLabel')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('schema.name')}</th>
            <th scope="col">{t('wizard.report.typeErrors')}</th>
            <th scope="col">{t('wizard.report.examples')}</th>
            <th scope="col">{t('wizard.report.empty')}</th>
            <th scope="col">{t('wizard.report.placeholders')}</th>
          </tr>
        </thead>
        <tbody>
          {report.map((column) => {
            const errors = countOf(column.typeErrors);
            return (
              <tr key={column.name} className={errors > 0 ? 'has-errors' : undefined}>
                <th scope="row">{column.name}</th>
                <td className="number">{formatNumber(errors)}</td>
                <td>
                  {examplesOf(column)
                    .map((example) => t('wizard.report.example', { line: formatNumber(example.line ?? example.row ?? 0), value: String(example.value ?? '') }))
                    .join('; ')}
                </td>
                <td className="number">{formatNumber(column.empty ?? column.emptyCount ?? 0)}</td>
                <td className="number">{formatNumber(column.placeholderCount ?? countOf(column.placeholders))}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function DiffView({ diff }: { diff: SchemaDiff }) {
  const { t } = useTranslation();
  const missing = diff.missing ?? diff.removed ?? [];
  const before = diff.rowCountBefore ?? diff.previousRowCount;
  const after = diff.rowCountAfter ?? diff.rowCount;
  const items = [
    ...(diff.added ?? []).map((name) => t('wizard.diff.added', { name })),
    ...missing.map((name) => t('wizard.diff.missing', { name })),
    ...(diff.renamed ?? []).map((entry) => t('wizard.diff.renamed', entry)),
    ...(diff.typeChanged ?? []).map((entry) => t('wizard.diff.typeChanged', { name: entry.name, from: t(`types.${entry.from}`), to: t(`types.${entry.to}`) })),
  ];
  return (
    <section aria-labelledby="diff-heading" className={diff.breaking ? 'panel warning' : 'panel'}>
      <h3 id="diff-heading">{t('wizard.diff.title')}</h3>
      {items.length === 0 ? <p>{t('wizard.diff.none')}</p> : <ul>{items.map((item) => <li key={item}>{item}</li>)}</ul>}
      {before != null && after != null && (
        <p>{t('wizard.diff.rows', { before: formatNumber(before), after: formatNumber(after) })}</p>
      )}
      {diff.breaking && <p className="field-error">{t('wizard.diff.breaking')}</p>}
    </section>
  );
}
