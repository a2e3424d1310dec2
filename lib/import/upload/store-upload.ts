import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { AppDatabase } from '../../../db/client';
import { storedUploadBytes } from '../../../db/queries/retention';
import { uploadChunks, uploads } from '../../../db/schema';
import { ChunkAccumulator, readBody, type UploadBody } from './body';
import { ChunkWriter } from './chunk-writer';
import type { TextEncoding } from './encoding/encodings';
import { UploadRejection } from './errors';
import { createUploadCheck } from './inbound-check';
import { CHUNK_BYTES, toMegabytes, uploadQuotaBytes } from './limits';
import { readUploadBytes } from './read-upload';
import { isWorkbookColumns } from './xlsx/format-check';
import { FIRST_READABLE_PART, ReadableFormWriter } from './xlsx/readable-csv';

export type Upload = typeof uploads.$inferSelect;

export interface StoreUploadInput {
  fileName: string;
  userId: string;
  body: UploadBody;
  maxBytes: number;
  /** The size the sender announced (Content-Length): a body that ends short is refused. */
  expectedBytes?: number;
  /** What this user's files may take in storage in all; UPLOAD_QUOTA_BYTES unless given. */
  quotaBytes?: number;
  /** Read the file in this encoding (a profile's, or the caller's choice) instead of detecting it. */
  encoding?: TextEncoding;
}

/**
 * Streams a file into `upload_chunks` as received, checking it on the way, and returns its
 * `uploads` row: 'ready' with its SHA-256, encoding, separator, header and row count (the checks:
 * lib/import/upload/inbound-check.ts), or 'rejected' with an error code
 * when a check failed (its chunks deleted, the rest of the body left unread). A workbook's chosen
 * sheet is also stored as UTF-8 CSV, its readable form (xlsx/readable-csv.ts). Memory holds a
 * couple of chunks whatever the file's size. Other failures (the sender went away, the database
 * failed) remove the upload and are thrown.
 */
export async function storeUpload(db: AppDatabase, input: StoreUploadInput): Promise<Upload> {
  const quota = input.quotaBytes ?? uploadQuotaBytes();
  // Counted before this upload exists: two uploads at once by one user may each take what was left.
  const used = await storedUploadBytes(db, input.userId);
  const overQuota = () => new UploadRejection('quotaExceeded', { quotaMb: toMegabytes(quota), usedMb: toMegabytes(used) });
  const [upload] = await db.insert(uploads)
    .values({ fileName: input.fileName, uploadedBy: input.userId, status: 'receiving' })
    .returning();
  const writer = new ChunkWriter(db, upload.id);
  let received = 0;
  // A workbook's chosen sheet is written as CSV while it is checked (its readable form, part 1):
  // what the upload's later passes read. It counts in the quota with the file.
  const readable = new ReadableFormWriter(db, upload.id, FIRST_READABLE_PART, {
    maxBytes: () => quota - used - received, tooLarge: overQuota,
  });
  try {
    const checker = createUploadCheck({
      encoding: input.encoding, fileName: input.fileName, onWorkbookRow: (row) => readable.row(row),
    });
    const hash = createHash('sha256');
    const chunks = new ChunkAccumulator(CHUNK_BYTES);
    const store = async (chunk: Uint8Array) => {
      checker.push(chunk);
      await writer.write(chunk);
    };
    for await (const piece of readBody(input.body)) {
      received += piece.byteLength;
      if (received > input.maxBytes) throw new UploadRejection('fileTooLarge', { maxMb: toMegabytes(input.maxBytes) });
      if (used + Math.max(received, input.expectedBytes ?? 0) > quota) throw overQuota();
      hash.update(piece);
      for (const chunk of chunks.push(piece)) await store(chunk);
    }
    const last = chunks.flush();
    if (last) await store(last);
    if (input.expectedBytes !== undefined && received !== input.expectedBytes) {
      throw new UploadRejection('incompleteUpload', { receivedBytes: received, expectedBytes: input.expectedBytes });
    }
    await writer.close();
    // After the last chunk is stored: a file that is not UTF-8 is read again from the database.
    const facts = await checker.finish(() => readUploadBytes(db, upload.id));
    // A workbook has no separator, encoding or BOM of its own: its sheet, its header and rows, and
    // the sheet's readable form, complete once `finish` returned (the upload is 'ready' only then).
    const csv = isWorkbookColumns(facts) ? null : facts;
    const workbook = isWorkbookColumns(facts) ? {
      format: facts.format, sheetName: facts.sheetName, sheetNames: facts.sheetNames,
      readablePart: readable.part, readableBytes: await readable.finish(),
    } : {};
    const [ready] = await db.update(uploads).set({
      status: 'ready', sizeBytes: received, sha256: hash.digest('hex'), separator: csv?.separator ?? null,
      encoding: csv?.encoding ?? null, detectedEncoding: csv?.detectedEncoding ?? null, hasBom: csv?.hasBom ?? false,
      headers: facts.headers, rowCount: facts.rowCount, ...workbook,
    }).where(eq(uploads.id, upload.id)).returning();
    return ready;
  } catch (error) {
    await writer.abort();
    await readable.abort();
    if (error instanceof UploadRejection) return rejectUpload(db, upload.id, error, received);
    // The sender went away (Cancel upload, a closed tab): an incomplete file, not a server fault.
    if (isClientAbort(error)) {
      return rejectUpload(db, upload.id, new UploadRejection('incompleteUpload', {
        receivedBytes: received, expectedBytes: input.expectedBytes ?? received,
      }), received);
    }
    await db.delete(uploads).where(eq(uploads.id, upload.id)).catch(() => {});
    throw error;
  }
}

async function rejectUpload(db: AppDatabase, id: string, rejection: UploadRejection, received: number): Promise<Upload> {
  await db.delete(uploadChunks).where(eq(uploadChunks.uploadId, id));
  const [rejected] = await db.update(uploads).set({
    status: 'rejected', sizeBytes: received, errorCode: rejection.code, errorParams: rejection.params,
  }).where(eq(uploads.id, id)).returning();
  return rejected;
}

function isClientAbort(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === 'ECONNRESET' || code === 'ABORT_ERR' || message === 'aborted';
}
