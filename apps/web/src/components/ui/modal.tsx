import { useEffect, useId, useRef, type ReactNode } from 'react';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';

interface ModalProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** Wider layout for forms. */
  wide?: boolean;
  /** A full-screen sheet on narrow screens (long forms), a centred dialog on wide ones. */
  sheet?: boolean;
  /** `alertdialog` for a confirmation that interrupts the teacher (ConfirmDialog). */
  role?: 'dialog' | 'alertdialog';
  /** The id of the element that says what the dialog is about. */
  describedBy?: string;
  /** The header's × button; a confirmation has its own safe button instead. */
  closeButton?: boolean;
}

/**
 * A modal dialog: focus moves to the element marked `data-autofocus`, else its first field (the
 * close button only if it has none), and is trapped there, Escape closes, and focus returns to
 * whatever opened it. Hand-written to keep the bundle free of a UI kit.
 */
export function Modal({
  title,
  onClose,
  children,
  wide = false,
  sheet = false,
  role = 'dialog',
  describedBy,
  closeButton = true,
}: ModalProps) {
  const titleId = useId();
  const ref = useRef<HTMLDivElement>(null);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const dialog = ref.current;
    const first =
      dialog?.querySelector<HTMLElement>('[data-autofocus]') ??
      dialog?.querySelector<HTMLElement>(`.modal-body :is(${FOCUSABLE})`) ??
      dialog?.querySelector<HTMLElement>(FOCUSABLE);
    (first ?? dialog)?.focus();
    // A sheet opens at its top-left: labels first, even if the page was scrolled.
    dialog?.parentElement?.scrollTo?.(0, 0);
    return () => opener?.focus();
  }, []);

  function onKeyDown(event: React.KeyboardEvent<HTMLDivElement>) {
    if (event.key === 'Escape') {
      event.stopPropagation();
      onCloseRef.current();
      return;
    }
    if (event.key !== 'Tab' || !ref.current) return;
    const items = [...ref.current.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
      (el) => !el.closest('[hidden]') && !el.closest('details:not([open]) > :not(summary)'),
    );
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  return (
    <div className="modal-backdrop">
      <div
        ref={ref}
        role={role}
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={describedBy}
        tabIndex={-1}
        className={['modal', wide ? 'modal-wide' : '', sheet ? 'modal-sheet' : '']
          .filter(Boolean)
          .join(' ')}
        onKeyDown={onKeyDown}
      >
        <div className="modal-header">
          <h2 id={titleId}>{title}</h2>
          {closeButton ? (
            <button
              type="button"
              className="button-ghost modal-close"
              aria-label="Close"
              onClick={onClose}
            >
              ×
            </button>
          ) : null}
        </div>
        <div className="modal-body">{children}</div>
      </div>
    </div>
  );
}
