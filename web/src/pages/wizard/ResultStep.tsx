import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../format.ts';
import type { CommitResult } from '../importTypes.ts';

export function ResultStep({ result, datasetUrl }: { result: CommitResult; datasetUrl: string }) {
  const { t } = useTranslation();
  const skipped = result.load?.rowsSkipped ?? 0;
  const nulled = result.load?.cellsNulled ?? 0;
  return (
    <>
      <p role="status" className="message success">
        {t('wizard.result.done', { version: formatNumber(result.version ?? 0), rows: formatNumber(result.rowCount ?? 0) })}
      </p>
      {skipped > 0 && <p>{t('wizard.result.skipped', { count: skipped, formatted: formatNumber(skipped) })}</p>}
      {nulled > 0 && <p>{t('wizard.result.nulled', { count: nulled, formatted: formatNumber(nulled) })}</p>}
      <p>
        <Link to={datasetUrl} className="button primary">
          {t('wizard.result.toDataset')}
        </Link>
      </p>
    </>
  );
}
