import { z } from 'zod';
import { pagingFields } from '../paging';

/**
 * The deepest a contacts list or search pages (the page's last row): every page is then read
 * with a bounded amount of work, however many contacts there are.
 */
export const CONTACT_LIST_DEPTH_MAX = 10_000;

export const contactSearchSchema = z.object({
  q: z.string().trim().max(200, 'errors.tooLong').optional(),
  ...pagingFields,
}).refine((input) => input.page * input.pageSize <= CONTACT_LIST_DEPTH_MAX, {
  path: ['page'], message: 'errors.pageTooDeep', params: { max: CONTACT_LIST_DEPTH_MAX },
});
export type ContactSearchInput = z.input<typeof contactSearchSchema>;

export const contactIdSchema = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
