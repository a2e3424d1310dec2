import { z } from 'zod';
import { isUploadBody, type UploadBody } from './body';
import { TEXT_ENCODINGS } from './encoding/encodings';

export const FILE_NAME_MAX = 255;

/** Whether a file name is one the import takes: `.csv`, in any case. */
export function isCsvFileName(name: string): boolean {
  return /\.csv$/i.test(name.trim());
}

/** The name as sent, without any folder part a client may have kept. */
export function baseFileName(name: string): string {
  return name.replace(/^.*[\\/]/, '').trim();
}

export const uploadFileNameSchema = z.string()
  .transform(baseFileName)
  .pipe(z.string().min(1, 'errors.required').max(FILE_NAME_MAX, 'errors.tooLong')
    .regex(/^[^\u0000-\u001f\u007f]*$/, 'errors.invalidInput'));

/**
 * The upload operation's input. The body passes through untouched (zod checks only that it can
 * be streamed), so nothing of it is read before the permission check.
 */
export const uploadCsvSchema = z.object({
  fileName: uploadFileNameSchema,
  body: z.custom<UploadBody>(isUploadBody, 'errors.required'),
  /** Content-Length, when the sender gave one. */
  declaredBytes: z.number().int().nonnegative().optional(),
  contentType: z.string().optional(),
  /** Read the file in this encoding instead of detecting it (a profile's, or the caller's choice). */
  encoding: z.enum(TEXT_ENCODINGS, 'errors.invalidInput').optional(),
});
export type UploadCsvInput = z.input<typeof uploadCsvSchema>;

export const uploadIdSchema = z.object({ id: z.uuid() });

/** Read a stored upload again in another encoding. */
export const uploadRereadSchema = z.object({
  id: z.uuid(),
  encoding: z.enum(TEXT_ENCODINGS, 'errors.invalidInput'),
});

export const uploadPreviewSchema = z.object({
  id: z.uuid(),
  rows: z.coerce.number().int().min(0).max(100).default(10),
});
