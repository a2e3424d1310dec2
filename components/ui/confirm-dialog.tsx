'use client';

import { useId, type ReactNode, type RefObject } from 'react';

interface ConfirmDialogProps {
  /** Opened by the caller with `dialogRef.current?.showModal()`. */
  dialogRef: RefObject<HTMLDialogElement | null>;
  title: string;
  /** What happens if the user confirms, in words. */
  children: ReactNode;
  confirmLabel: string;
  cancelLabel: string;
  pending?: boolean;
  /** The confirm button is unusable (e.g. nothing to delete), beside while pending. */
  confirmDisabled?: boolean;
  onConfirm(): void;
}

/**
 * A modal confirmation for a destructive action (native <dialog>: focus kept inside, Escape
 * closes). Cancel takes the focus first, so Enter never destroys anything by accident.
 */
export function ConfirmDialog({
  dialogRef, title, children, confirmLabel, cancelLabel, pending, confirmDisabled, onConfirm,
}: ConfirmDialogProps) {
  const titleId = useId();
  return (
    <dialog ref={dialogRef} aria-labelledby={titleId} className="confirm-dialog">
      <h2 id={titleId}>{title}</h2>
      {children}
      <div className="toolbar">
        <button type="button" className="button danger" disabled={pending || confirmDisabled} aria-busy={pending} onClick={onConfirm}>
          {confirmLabel}
        </button>
        <button type="button" className="button" autoFocus onClick={() => dialogRef.current?.close()}>
          {cancelLabel}
        </button>
      </div>
    </dialog>
  );
}
