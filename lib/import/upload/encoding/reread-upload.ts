import type { AppDatabase } from '../../../../db/client';
import { FileChecker, type FileFacts } from '../file-checker';
import { readUploadBytes } from '../read-upload';
import type { TextEncoding } from './encodings';

/**
 * Reads a stored file again, from its first chunk, in `encoding`: its facts as the upload checks
 * find them in that encoding. Throws `UploadRejection` (with the line) when the file is not text
 * in it. Memory: one chunk and the header row.
 */
export async function readStoredUploadAs(db: AppDatabase, uploadId: string, encoding: TextEncoding): Promise<FileFacts> {
  const checker = new FileChecker(undefined, encoding);
  for await (const chunk of readUploadBytes(db, uploadId)) checker.push(chunk);
  return checker.finish();
}
