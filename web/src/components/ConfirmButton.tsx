import { useId, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface ConfirmButtonProps {
  /** Text of the button that opens the dialog. */
  children: ReactNode;
  className?: string;
  /** Question shown in the dialog, naming the object that the action changes. */
  question: string;
  /** Text of the button in the dialog that runs the action. */
  confirmLabel: string;
  onConfirm: () => void | Promise<void>;
}

/**
 * Button for an action that is hard to undo. It opens a modal <dialog> for confirmation first.
 * The native modal dialog focuses its first button (Abbrechen), closes on Escape and keeps focus inside itself.
 */
export function ConfirmButton({ children, className, question, confirmLabel, onConfirm }: ConfirmButtonProps) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const questionId = useId();

  const confirm = () => {
    dialog.current?.close();
    void onConfirm();
  };

  return (
    <>
      <button type="button" className={className} onClick={() => dialog.current?.showModal()}>
        {children}
      </button>
      <dialog ref={dialog} className="confirm-dialog" aria-labelledby={questionId}>
        <p id={questionId}>{question}</p>
        <div className="actions">
          <button type="button" onClick={() => dialog.current?.close()}>
            {t('common.cancel')}
          </button>
          <button type="button" className="primary" onClick={confirm}>
            {confirmLabel}
          </button>
        </div>
      </dialog>
    </>
  );
}
