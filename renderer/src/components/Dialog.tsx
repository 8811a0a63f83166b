import { useTranslation } from 'react-i18next';
/**
 * A modal dialog on the native <dialog> (focus trap, top layer, inert background for free).
 * Esc closes it through `onClose`; a dialog that must not be dismissed passes `onClose={null}`.
 * However it goes (Esc, a button, its action done), focus goes back to the element that had it
 * when the dialog opened: React removes the element, and a removed dialog restores nothing.
 */
import { useEffect, useId, useRef, type ReactNode } from 'react';

type Props = {
  title: string;
  onClose: (() => void) | null;
  children: ReactNode;
  className?: string;
  describedBy?: string;
};

export function Dialog({ title, onClose, children, className, describedBy }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const dismissable = onClose !== null;

  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      if (dialog?.open) dialog.close();
      returnFocus(opener);
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className={className ? `dialog ${className}` : 'dialog'}
      aria-labelledby={titleId}
      aria-describedby={describedBy}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !dismissable) e.preventDefault();
      }}
      onCancel={(e) => {
        e.preventDefault();
        onClose?.();
      }}
      onClose={() => {
        // The browser may still close a dialog whose cancel was refused; an undismissable one reopens.
        const dialog = ref.current;
        if (!dismissable && dialog && dialog.isConnected && !dialog.open) dialog.showModal();
      }}
    >
      <h2 id={titleId} className="dialog__title">
        {title}
      </h2>
      {children}
    </dialog>
  );
}

/** Back to the opener; if it went or is disabled (the action changed the screen), to the screen's heading. */
function returnFocus(opener: HTMLElement | null): void {
  const usable = opener !== null && opener.isConnected && !opener.matches(':disabled') && opener !== document.body;
  if (usable) opener.focus();
  else if (document.activeElement === null || document.activeElement === document.body)
    document.querySelector<HTMLElement>('main h1')?.focus();
}

/** The footer of a dialog's form: its submit button (disabled while a call is in flight) and «Отмена». */
export function DialogActions({ submitLabel, busy, onCancel }: { submitLabel: string; busy: boolean; onCancel: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="form-actions">
      <button type="submit" className="button button--primary" disabled={busy}>
        {submitLabel}
      </button>
      <button type="button" className="button" onClick={onCancel}>
        {t('common.cancel')}
      </button>
    </div>
  );
}
