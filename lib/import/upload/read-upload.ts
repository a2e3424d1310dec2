import { Buffer } from 'node:buffer';
import { and, asc, eq, gte, lt, sql } from 'drizzle-orm';
import type { AppDatabase } from '../../../db/client';
import { uploadChunks, uploads } from '../../../db/schema';
import { isSeparator, type Separator } from './csv-format';
import { parseCsvRecords, type CsvRecord } from './csv-records';
import { decodeToUtf8 } from './encoding/decode';
import { encodingOf, type TextEncoding } from './encoding/encodings';
import { parseWorkbookRecords } from './xlsx/workbook-records';

/** Chunks fetched per query: a few MB in memory at a time, few round trips. */
const CHUNKS_PER_QUERY = 2;

/**
 * The stored bytes of an upload, in order, fetched a few chunks per query as they are pulled:
 * the file as received (part 0), or a readable form of it (the upload's `readable_part` column).
 * Read as hex text: PGlite decodes a bytea result twelve times slower than Buffer does hex.
 */
export async function* readUploadBytes(db: AppDatabase, uploadId: string, part = 0): AsyncGenerator<Uint8Array> {
  // Chunks are numbered 0, 1, 2...: a range, not ORDER BY ... LIMIT, for which the database may
  // encode every remaining chunk before sorting and keeping two.
  for (let from = 0; ; from += CHUNKS_PER_QUERY) {
    const rows = await db.select({ seq: uploadChunks.seq, hex: sql<string>`encode(${uploadChunks.data}, 'hex')` })
      .from(uploadChunks)
      .where(and(
        eq(uploadChunks.uploadId, uploadId), eq(uploadChunks.part, part),
        gte(uploadChunks.seq, from), lt(uploadChunks.seq, from + CHUNKS_PER_QUERY),
      ))
      .orderBy(asc(uploadChunks.seq));
    const count = rows.length;
    const chunks = rows.map((row) => Buffer.from(row.hex, 'hex'));
    rows.length = 0; // let the hex text go before the chunks are consumed
    for (const chunk of chunks) yield chunk;
    if (count < CHUNKS_PER_QUERY) return;
  }
}

/** How an upload's content is read: its columns `separator` and `encoding` (null: UTF-8). */
export interface UploadReading {
  separator: Separator | string | null;
  encoding?: TextEncoding | string | null;
  /** 'xlsx': a workbook, read from its sheet `sheetName` (its size bounds what it may expand to). */
  format?: string | null;
  sheetName?: string | null;
  sizeBytes?: number;
  /** A workbook's readable form (its sheet as UTF-8 CSV), read instead of the workbook when set. */
  readablePart?: number | null;
}

/**
 * An upload's content as UTF-8, however it was encoded: the stored bytes through `decodeToUtf8`.
 * What parses an upload reads through here, never `readUploadBytes` directly.
 */
export function readUploadText(db: AppDatabase, uploadId: string, { encoding }: Pick<UploadReading, 'encoding'>): AsyncGenerator<Uint8Array> {
  return decodeToUtf8(readUploadBytes(db, uploadId), encodingOf(encoding));
}

/**
 * The records after the header of a ready upload, one at a time (see `parseCsvRecords`):
 * `line` is the spreadsheet row number, the header being line 1. `reading` is the upload's row
 * (or its separator and encoding).
 */
export function parseUploadRecords(db: AppDatabase, uploadId: string, reading: UploadReading): AsyncGenerator<CsvRecord> {
  if (reading.format === 'xlsx' && reading.readablePart != null) {
    // Written as UTF-8 CSV when the sheet was checked: read as any CSV, the workbook left alone.
    return parseCsvRecords(readUploadBytes(db, uploadId, reading.readablePart), { separator: ',' });
  }
  if (reading.format === 'xlsx') {
    // A workbook stored before readable forms existed: its sheet read again.
    return parseWorkbookRecords({ pieces: readUploadBytes(db, uploadId), sizeBytes: reading.sizeBytes ?? 0, sheetName: reading.sheetName });
  }
  const { separator } = reading;
  if (!isSeparator(separator)) throw new Error(`unsupported separator ${JSON.stringify(separator)}`);
  return parseCsvRecords(readUploadText(db, uploadId, reading), { separator });
}

export interface UploadPreview {
  encoding: TextEncoding;
  headers: string[];
  rows: string[][];
  rowCount: number;
  /** null for a workbook. */
  separator: Separator | null;
}

/** The header and first rows of a ready upload, reading no more of it than needed; null if none. */
export async function previewUpload(db: AppDatabase, uploadId: string, rows = 10): Promise<UploadPreview | null> {
  const [upload] = await db.select().from(uploads)
    .where(and(eq(uploads.id, uploadId), eq(uploads.status, 'ready')));
  if (!upload) return null;
  const workbook = upload.format === 'xlsx';
  if (!workbook && !isSeparator(upload.separator)) return null;
  const firstRows: string[][] = [];
  if (rows > 0) {
    for await (const record of parseUploadRecords(db, uploadId, upload)) {
      firstRows.push(record.cells);
      if (firstRows.length >= rows) break; // stops the reading: no further chunk is fetched
    }
  }
  return {
    encoding: encodingOf(upload.encoding), headers: upload.headers ?? [], rows: firstRows, rowCount: upload.rowCount ?? 0,
    separator: workbook ? null : upload.separator as Separator,
  };
}
