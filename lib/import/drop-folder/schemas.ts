import { z } from 'zod';
import { uploadFileNameSchema } from '../upload/schemas';

/** A dropped file, stored as an upload by the profile's automation user, to be imported. */
export const startDroppedFileImportSchema = z.object({
  uploadId: z.uuid(),
  profileId: z.uuid(),
  divisionId: z.uuid(),
  fileName: uploadFileNameSchema,
  /** The file's token (see file-record.ts), kept in the audit row to find the job after a crash. */
  dropToken: z.uuid(),
});
export type StartDroppedFileImportInput = z.input<typeof startDroppedFileImportSchema>;
