import type { z } from 'zod';
import type { Message } from './result';

/**
 * Zod messages in this code base are i18n keys. Size limits carry their bound as a parameter so
 * "At most {{max}} characters" reads right in every language.
 */
// Our keys are shared errors or an area's errors (e.g. wizardSettings.errors.*); zod's own English never shows.
const MESSAGE_KEY = /^(?:[a-zA-Z]+\.)?errors\.[a-zA-Z.]+$/;

export function toMessage(issue: z.core.$ZodIssue): Message {
  const key = MESSAGE_KEY.test(issue.message) ? issue.message : 'errors.invalidInput';
  const params: Record<string, string | number> = {};
  if (issue.code === 'too_big') params.max = Number(issue.maximum);
  if (issue.code === 'too_small') params.min = Number(issue.minimum);
  // A refinement's bound, declared with `params` beside its message key.
  if (issue.code === 'custom') {
    for (const [name, value] of Object.entries(issue.params ?? {})) {
      if (typeof value === 'number' || typeof value === 'string') params[name] = value;
    }
  }
  return Object.keys(params).length ? { key, params } : { key };
}

export function toFieldErrors(error: z.ZodError): Record<string, Message[]> {
  const fields: Record<string, Message[]> = {};
  for (const issue of error.issues) {
    const path = issue.path.join('.') || '_form';
    (fields[path] ??= []).push(toMessage(issue));
  }
  return fields;
}
