import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { datasetPath } from '../api.ts';
import { useSession } from '../session.tsx';
import { roleAtLeast, type Column } from '../types.ts';
import type { CommitResult, ImportResponse } from './importTypes.ts';
import { UploadStep } from './wizard/UploadStep.tsx';
import { PreviewStep } from './wizard/PreviewStep.tsx';
import { TypesStep } from './wizard/TypesStep.tsx';
import { ReportStep } from './wizard/ReportStep.tsx';
import { ResultStep } from './wizard/ResultStep.tsx';

const STEPS = ['upload', 'preview', 'types', 'report', 'result'] as const;

/** Five-step import: upload, preview, type review, validation report with commit, result. */
export function ImportWizard() {
  const { t } = useTranslation();
  const { space = '', dataset = '' } = useParams();
  const { roleIn } = useSession();
  const path = datasetPath(space, dataset);
  const [step, setStep] = useState(0);
  const [upload, setUpload] = useState<ImportResponse | null>(null);
  const [columns, setColumns] = useState<Column[]>([]);
  const [result, setResult] = useState<CommitResult | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const previousStep = useRef(step);

  // Each step replaces the form, so focus moves to the step's heading for keyboard and screen reader users.
  useEffect(() => {
    if (previousStep.current === step) return;
    previousStep.current = step;
    heading.current?.focus();
  }, [step]);

  const breadcrumb = (
    <p className="breadcrumb">
      <Link to={`/datenraeume/${space}/datensaetze/${dataset}`}>{t('wizard.backToDataset')}</Link>
    </p>
  );

  // The server rejects imports below Redaktion anyway. Hiding the form spares users an upload that must fail.
  if (!roleAtLeast(roleIn(space), 'redaktion')) {
    return (
      <>
        {breadcrumb}
        <h1>{t('wizard.title')}</h1>
        <p>{t('wizard.notAllowed')}</p>
      </>
    );
  }

  return (
    <>
      {breadcrumb}
      <h1>{t('wizard.title')}</h1>
      <ol className="steps" aria-label={t('wizard.progress')}>
        {STEPS.map((name, index) => (
          <li key={name} aria-current={index === step ? 'step' : undefined} className={index < step ? 'done' : undefined}>
            {t(`wizard.steps.${name}`)}
          </li>
        ))}
      </ol>
      <h2 ref={heading} tabIndex={-1}>
        {t('wizard.stepHeading', { number: step + 1, total: STEPS.length, name: t(`wizard.steps.${STEPS[step]}`) })}
      </h2>
      {step === 0 && (
        <UploadStep
          path={path}
          onUploaded={(response) => {
            setUpload(response);
            setColumns(response.columns.map((column) => ({ ...column })));
            setStep(1);
          }}
        />
      )}
      {step === 1 && upload && <PreviewStep upload={upload} onBack={() => setStep(0)} onNext={() => setStep(2)} />}
      {step === 2 && upload && <TypesStep columns={columns} onChange={setColumns} onBack={() => setStep(1)} onNext={() => setStep(3)} />}
      {step === 3 && upload && (
        <ReportStep
          path={path}
          upload={upload}
          columns={columns}
          onBack={() => setStep(2)}
          onCommitted={(committed) => {
            setResult(committed);
            setStep(4);
          }}
        />
      )}
      {step === 4 && result && <ResultStep result={result} datasetUrl={`/datenraeume/${space}/datensaetze/${dataset}`} />}
    </>
  );
}
