import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../format.ts';
import type { CommitResult } from '../importTypes.ts';

export function ResultStep({ result, datasetUrl }: { result: CommitResult; datasetUrl: string }) {
  const { t } = useTranslation();
  const version = result.version ?? result.import?.version;
  const rows = result.rowCount ?? result.rows ?? result.import?.rowCount;
  return (
    <>
      <p role="status" className="message success">
        {t('wizard.result.done', { version: version === undefined ? '?' : formatNumber(version), rows: rows === undefined ? '?' : formatNumber(rows) })}
      </p>
      {result.skippedRows ? <p>{t('wizard.result.skipped', { count: result.skippedRows, formatted: formatNumber(result.skippedRows) })}</p> : null}
      <p>
        <Link to={datasetUrl} className="button primary">
          {t('wizard.result.toDataset')}
        </Link>
      </p>
    </>
  );
}
