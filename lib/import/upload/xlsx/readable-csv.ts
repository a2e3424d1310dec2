import { Buffer } from 'node:buffer';
import type { AppDatabase } from '../../../../db/client';
import { ChunkAccumulator } from '../body';
import { ChunkWriter } from '../chunk-writer';
import { CHUNK_BYTES } from '../limits';
import type { WorkbookRow } from './workbook-rows';

/** Text gathered before it is encoded and handed to the chunks: a few rows per Buffer. */
const TEXT_BATCH_CHARS = 64 * 1024;
const CRLF = '\r\n';
/** The part an upload's first readable form is written to; another sheet chosen gets a new one. */
export const FIRST_READABLE_PART = 1;
const NEEDS_QUOTES = /[",\r\n]/;

/** A cell as RFC 4180 writes it: quoted (quotes doubled) when it holds a quote, a comma or a line end. */
export function csvCell(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * A sheet's rows written as UTF-8 CSV (comma, CRLF, RFC 4180 quoting, no BOM) as they are read:
 * one record per row, each cell's text exactly as the workbook's records give it. A row the sheet
 * skips (blank) is an empty line, so record numbers stay the sheet's row numbers, as a CSV's
 * lines do (`parseCsvRecords` skips blank lines and keeps their number).
 */
export class CsvRowEncoder {
  private lastRow = 0;

  encode(row: WorkbookRow): string {
    const gap = CRLF.repeat(Math.max(0, row.number - this.lastRow - 1));
    this.lastRow = row.number;
    return gap + row.cells.map(csvCell).join(',') + CRLF;
  }
}

export interface ReadableFormOptions {
  /** Bytes the form may take, asked as it grows; past them `tooLarge()` is thrown (the user's quota). */
  maxBytes?: () => number;
  tooLarge?: () => Error;
}

/**
 * Writes a workbook sheet's readable form into `upload_chunks` part `part`, as the upload's own
 * chunks are written (CHUNK_BYTES each, one insert in flight): memory holds a couple of chunks.
 * The caller points the upload at the part only once `finish` returned, and deletes the part's
 * chunks when anything failed (`abort` then waits for the insert in flight).
 */
export class ReadableFormWriter {
  private readonly encoder = new CsvRowEncoder();
  private readonly chunks = new ChunkAccumulator(CHUNK_BYTES);
  private readonly writer: ChunkWriter;
  private text = '';
  private bytes = 0;

  constructor(db: AppDatabase, uploadId: string, readonly part: number, private readonly options: ReadableFormOptions = {}) {
    this.writer = new ChunkWriter(db, uploadId, part);
  }

  async row(row: WorkbookRow): Promise<void> {
    this.text += this.encoder.encode(row);
    if (this.text.length >= TEXT_BATCH_CHARS) await this.flushText();
  }

  /** Writes what is left; returns the form's size in bytes. */
  async finish(): Promise<number> {
    await this.flushText();
    const last = this.chunks.flush();
    if (last) await this.writer.write(last);
    await this.writer.close();
    return this.bytes;
  }

  async abort(): Promise<void> {
    await this.writer.abort();
  }

  private async flushText(): Promise<void> {
    if (!this.text) return;
    const encoded = Buffer.from(this.text, 'utf8');
    this.text = '';
    this.bytes += encoded.byteLength;
    const { maxBytes, tooLarge } = this.options;
    if (maxBytes && this.bytes > maxBytes()) throw tooLarge ? tooLarge() : new Error('readable form too large');
    for (const chunk of this.chunks.push(encoded)) await this.writer.write(chunk);
  }
}
