import { z } from 'zod';

export const JOB_DESCRIPTION_MAX = 200;

export const startImportJobSchema = z.object({
  uploadId: z.uuid('errors.required'),
  profileId: z.uuid('errors.required'),
  divisionId: z.uuid('errors.required'),
  description: z.string().trim().max(JOB_DESCRIPTION_MAX, 'errors.tooLong').default(''),
  /** The user the import runs for (matching sees only their contacts); needs importJob:viewAll in the division. */
  onBehalfOf: z.uuid('errors.invalidInput').nullish(),
  /** Go on to the import as soon as the validation is done (API imports may ask for it). */
  autoContinue: z.boolean().default(false),
});
export type StartImportJobInput = z.input<typeof startImportJobSchema>;

export const importJobIdSchema = z.object({ id: z.uuid('errors.invalidInput') });
export type ImportJobIdInput = z.input<typeof importJobIdSchema>;
