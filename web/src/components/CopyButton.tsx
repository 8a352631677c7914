import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Copies text to the clipboard and announces the result in a live region. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState('');

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setStatus(t('common.copied'));
    } catch {
      setStatus(t('common.copyFailed'));
    }
  };

  return (
    <span className="copy">
      <button type="button" onClick={copy}>
        {label}
      </button>
      <span role="status" className="copy-status">
        {status}
      </span>
    </span>
  );
}
