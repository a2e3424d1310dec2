import { UploadRejection } from '../errors';
import { detectFileFormat, FORMAT_MAGIC_BYTES } from './detect-format';
import { checkWorkbook, type WorkbookFacts } from './workbook-records';
import type { WorkbookRow } from './workbook-rows';

/** The CSV checks' shape (lib/import/upload/inbound-check.ts), whatever facts they return. */
export interface FileCheck<Facts> {
  push(chunk: Uint8Array): void;
  finish(stored: () => AsyncIterable<Uint8Array>): Promise<Facts>;
}

/** What a workbook's check adds to an upload's row. */
export interface WorkbookColumns {
  format: 'xlsx';
  sheetName: string;
  sheetNames: string[];
  headers: string[];
  rowCount: number;
}

/**
 * Routes a file to its checks by its first bytes (detect-format.ts): a CSV to the CSV checks, as
 * it streams in; a workbook to `checkWorkbook` once every byte is stored (a zip is read from its
 * start to its end, and its sheet's cells need parts that come last); an .xls or an encrypted
 * workbook is refused at the first chunk, the rest of the body unread.
 */
export class FormatCheck<Facts> implements FileCheck<Facts | WorkbookColumns> {
  private format: 'csv' | 'xlsx' | undefined;
  private received = 0;

  /** `onWorkbookRow`: each checked row of a workbook's sheet, for its readable form (readable-csv.ts). */
  constructor(
    private readonly fileName: string, private readonly csv: FileCheck<Facts>,
    private readonly onWorkbookRow?: (row: WorkbookRow) => Promise<void>,
  ) {}

  /** The file's format, known from its first chunk on. */
  get detectedFormat(): 'csv' | 'xlsx' | undefined {
    return this.format;
  }

  push(chunk: Uint8Array): void {
    this.received += chunk.length;
    if (!this.format) {
      // The first chunk is CHUNK_BYTES long, or the whole file: it holds the signature.
      const detected = detectFileFormat(chunk.subarray(0, FORMAT_MAGIC_BYTES), this.fileName);
      if (detected.kind === 'refused') throw new UploadRejection(detected.code);
      this.format = detected.kind;
    }
    if (this.format === 'csv') this.csv.push(chunk);
  }

  async finish(stored: () => AsyncIterable<Uint8Array>): Promise<Facts | WorkbookColumns> {
    if (this.format !== 'xlsx') {
      const named = detectFileFormat(new Uint8Array(0), this.fileName);
      if (!this.format && named.kind === 'refused') throw new UploadRejection(named.code); // an empty .xlsx
      return this.csv.finish(stored);
    }
    const facts = await checkWorkbook({ pieces: stored(), sizeBytes: this.received }, { onRow: this.onWorkbookRow });
    return workbookColumns(facts);
  }
}

export function workbookColumns(facts: WorkbookFacts): WorkbookColumns {
  return { format: 'xlsx', sheetName: facts.sheetName, sheetNames: facts.sheetNames, headers: facts.headers, rowCount: facts.rowCount };
}

export function isWorkbookColumns(facts: object): facts is WorkbookColumns {
  return (facts as Partial<WorkbookColumns>).format === 'xlsx';
}
