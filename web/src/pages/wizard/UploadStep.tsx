import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, uploadForm } from '../../api.ts';
import { ErrorMessage } from '../../components/Status.tsx';
import type { ImportResponse } from '../importTypes.ts';

const ENCODINGS = ['', 'utf-8', 'windows-1252', 'iso-8859-1'];
const DELIMITERS: [string, string][] = [
  ['', 'auto'],
  [';', 'semicolon'],
  [',', 'comma'],
  ['\t', 'tab'],
  ['|', 'pipe'],
];

export function UploadStep({ path, onUploaded }: { path: string; onUploaded: (response: ImportResponse) => void }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [encoding, setEncoding] = useState('');
  const [delimiter, setDelimiter] = useState('');
  const [sheet, setSheet] = useState('');
  const [srid, setSrid] = useState('');
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (!file) {
      setFileError(t('wizard.upload.fileMissing'));
      return;
    }
    setFileError(null);
    const form = new FormData();
    // Fields go before the file because the server reads the multipart stream in order.
    if (encoding) form.append('encoding', encoding);
    if (delimiter) form.append('delimiter', delimiter);
    if (sheet.trim()) form.append('sheet', sheet.trim());
    if (srid.trim()) form.append('srid', srid.trim());
    form.append('file', file);
    setProgress(0);
    try {
      onUploaded(await uploadForm<ImportResponse>(`${path}/imports`, form, setProgress));
    } catch (caught) {
      setError(errorMessage(caught));
      setProgress(null);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor="import-file">{t('wizard.upload.file')}</label>
        <span id="import-file-hint" className="hint">
          {t('wizard.upload.fileHint')}
        </span>
        <input
          id="import-file"
          type="file"
          accept=".csv,.tsv,.txt,.xlsx,.geojson,.json,.zip,.gpkg"
          aria-describedby={fileError ? 'import-file-hint import-file-error' : 'import-file-hint'}
          aria-invalid={fileError ? true : undefined}
          onChange={(event) => setFile(event.target.files?.[0] ?? null)}
        />
        {fileError && (
          <span id="import-file-error" className="field-error">
            {fileError}
          </span>
        )}
      </div>
      <fieldset>
        <legend>{t('wizard.upload.options')}</legend>
        <div className="field">
          <label htmlFor="import-encoding">{t('wizard.upload.encoding')}</label>
          <select id="import-encoding" value={encoding} onChange={(e) => setEncoding(e.target.value)}>
            {ENCODINGS.map((value) => (
              <option key={value} value={value}>
                {value || t('wizard.upload.auto')}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="import-delimiter">{t('wizard.upload.delimiter')}</label>
          <select id="import-delimiter" value={delimiter} onChange={(e) => setDelimiter(e.target.value)}>
            {DELIMITERS.map(([value, name]) => (
              <option key={name} value={value}>
                {t(`wizard.upload.delimiters.${name}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="import-sheet">{t('wizard.upload.sheet')}</label>
          <input id="import-sheet" value={sheet} onChange={(e) => setSheet(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="import-srid">{t('wizard.upload.srid')}</label>
          <span id="import-srid-hint" className="hint">
            {t('wizard.upload.sridHint')}
          </span>
          <input id="import-srid" inputMode="numeric" aria-describedby="import-srid-hint" value={srid} onChange={(e) => setSrid(e.target.value)} />
        </div>
      </fieldset>
      {progress !== null && (
        <div className="field">
          <label htmlFor="import-progress">{t('wizard.upload.progress')}</label>
          <progress id="import-progress" max={1} value={progress}>
            {Math.round(progress * 100)} %
          </progress>
          <span role="status">{progress < 1 ? `${Math.round(progress * 100)} %` : t('wizard.upload.analysing')}</span>
        </div>
      )}
      <ErrorMessage message={error} />
      <button type="submit" className="primary" disabled={progress !== null && !error}>
        {t('wizard.upload.submit')}
      </button>
    </form>
  );
}
