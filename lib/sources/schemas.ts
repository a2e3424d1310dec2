import { z } from 'zod';

/** Marks where a source's URI template puts the external ID; without it the ID is appended. */
export const EXTERNAL_ID_PLACEHOLDER = '{{externalId.value}}';

export const SOURCE_NAME_MAX = 200;
export const URI_TEMPLATE_MAX = 400;

export function isHttpUrlTemplate(value: string): boolean {
  if (!/^https?:\/\//i.test(value)) return false;
  try {
    const url = new URL(value.replaceAll(EXTERNAL_ID_PLACEHOLDER, 'id'));
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

const name = z.string().trim().min(1, 'errors.required').max(SOURCE_NAME_MAX, 'errors.tooLong');
// Empty means "no link"; the operation stores it as null.
const uriTemplate = z.string().trim().max(URI_TEMPLATE_MAX, 'errors.tooLong')
  .refine((value) => value === '' || isHttpUrlTemplate(value), 'errors.invalidUrlTemplate');

export const sourceSchema = z.object({ name, uriTemplate: uriTemplate.nullish() });
export type SourceInput = z.infer<typeof sourceSchema>;

export const sourceIdSchema = z.object({ id: z.uuid() });
export const updateSourceSchema = sourceSchema.extend({ id: z.uuid() });
export const setSourceActiveSchema = z.object({ id: z.uuid(), active: z.boolean() });
