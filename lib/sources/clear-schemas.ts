import { z } from 'zod';

/** Clearing a source is irreversible from the screen: the caller must say so explicitly. */
export const clearSourceSchema = z.object({
  sourceId: z.uuid('errors.invalidInput'),
  divisionId: z.uuid('errors.required'),
  confirm: z.literal(true, 'sources.clear.confirmRequired'),
});
export type ClearSourceInput = z.input<typeof clearSourceSchema>;

export const sourceContactCountSchema = z.object({ sourceId: z.uuid('errors.invalidInput') });
