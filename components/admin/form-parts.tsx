'use client';

import type { ComponentProps } from 'react';
import type { FieldError as HookFieldError, FieldValues, Path, UseFormSetError } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { ActionResult, Message } from '@/lib/actions/result';

type Params = Readonly<Record<string, number>>;

/** A field's message: an i18n key from zod or the server, with the field's limits as parameters. */
export function FieldError({ id, error, params }: { id: string; error?: HookFieldError; params?: Params }) {
  const { t } = useTranslation();
  if (!error?.message) return null;
  return <p id={id} className="field-error">{t(error.message, params)}</p>;
}

interface TextFieldProps extends ComponentProps<'input'> {
  id: string;
  label: string;
  error?: HookFieldError;
  params?: Params;
  hint?: string;
}

export function TextField({ id, label, error, params, hint, ...input }: TextFieldProps) {
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && <p id={`${id}-hint`} className="muted field-hint">{hint}</p>}
      <input id={id} aria-invalid={!!error} aria-describedby={describedBy} {...input} />
      <FieldError id={`${id}-error`} error={error} params={params} />
    </div>
  );
}

export function FormAlert({ message }: { message: Message | null }) {
  const { t } = useTranslation();
  if (!message) return null;
  return <p role="alert" className="form-error">{t(message.key, message.params)}</p>;
}

export function FormSuccess({ text }: { text: string | null }) {
  return <p role="status" className="form-success">{text}</p>;
}

/**
 * Puts a refused action's field errors next to the fields of the form; returns the message for
 * the form's alert, unless a field already says it all.
 */
export function applyFailure<T extends FieldValues>(
  result: Extract<ActionResult<unknown>, { ok: false }>,
  setError: UseFormSetError<T>,
  fields: readonly Path<T>[],
): Message | null {
  let placed = false;
  for (const [field, messages] of Object.entries(result.fieldErrors ?? {})) {
    if (!fields.includes(field as Path<T>) || !messages[0]) continue;
    setError(field as Path<T>, { type: 'server', message: messages[0].key });
    placed = true;
  }
  const saidByField = Object.values(result.fieldErrors ?? {}).some((ms) => ms.some((m) => m.key === result.error.key));
  return placed && saidByField ? null : result.error;
}
