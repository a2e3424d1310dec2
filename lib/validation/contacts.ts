import { z } from 'zod';
import { pagingFields } from '../paging';

export const contactSearchSchema = z.object({
  q: z.string().trim().max(200, 'errors.tooLong').optional(),
  ...pagingFields,
});
export type ContactSearchInput = z.input<typeof contactSearchSchema>;

export const contactIdSchema = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
