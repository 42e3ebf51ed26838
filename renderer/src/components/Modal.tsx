// A modal dialog on the native <dialog> element: focus is trapped and the page behind is inert.
import { useEffect, useRef, type ReactNode } from 'react';

export interface ModalProps {
  title: string;
  /** Called on Escape; absent for a dialog that must be answered. */
  onCancel?: () => void;
  testId?: string;
  className?: string;
  children: ReactNode;
}

export function Modal({ title, onCancel, testId, className, children }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const onCancelRef = useRef(onCancel);
  onCancelRef.current = onCancel;

  useEffect(() => {
    const dialog = ref.current!;
    if (!dialog.open) dialog.showModal();
    // showModal focuses the first focusable element; a dialog may name another (data-autofocus).
    dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    const cancel = (event: Event) => {
      event.preventDefault();
      onCancelRef.current?.();
    };
    dialog.addEventListener('cancel', cancel);
    return () => {
      dialog.removeEventListener('cancel', cancel);
      if (dialog.open) dialog.close();
    };
  }, []);

  return (
    <dialog ref={ref} className={`modal ${className ?? ''}`} data-testid={testId} aria-labelledby={`${testId ?? 'modal'}-title`}>
      <h2 id={`${testId ?? 'modal'}-title`} className="modal-title">
        {title}
      </h2>
      {children}
    </dialog>
  );
}
