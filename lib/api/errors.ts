import type { Message } from '../actions/result';
import type { Locale } from '../i18n/config';
import { getTranslator } from '../i18n/translator';

/** What every refused API call answers: a stable code, a message in the caller's language, and per field the same. */
export interface ApiErrorBody {
  error: { code: string; message: string };
  fieldErrors?: Record<string, { code: string; message: string }[]>;
}

/**
 * The stable code of an i18n message key: the key without its `errors` segment
 * (errors.notFound gives notFound, uploads.errors.fileTooLarge gives uploads.fileTooLarge).
 * Keys are part of the code base's contract already, so the codes stay as they are.
 */
export function errorCode(key: string): string {
  return key.replace(/(^|\.)errors\./, '$1');
}

function describe(message: Message, locale: Locale): { code: string; message: string } {
  const t = getTranslator(locale) as unknown as (key: string, params?: Record<string, unknown>) => string;
  return { code: errorCode(message.key), message: t(message.key, message.params) };
}

export function toApiErrorBody(
  error: Message, fieldErrors: Record<string, Message[]> | undefined, locale: Locale,
): ApiErrorBody {
  const body: ApiErrorBody = { error: describe(error, locale) };
  if (fieldErrors && Object.keys(fieldErrors).length > 0) {
    body.fieldErrors = Object.fromEntries(Object.entries(fieldErrors)
      .map(([field, messages]) => [field, messages.map((m) => describe(m, locale))]));
  }
  return body;
}

export function apiErrorResponse(
  status: number, error: Message, locale: Locale,
  { fieldErrors, headers }: { fieldErrors?: Record<string, Message[]>; headers?: Record<string, string> } = {},
): Response {
  return Response.json(toApiErrorBody(error, fieldErrors, locale), {
    status, headers: { 'Cache-Control': 'no-store', ...headers },
  });
}
