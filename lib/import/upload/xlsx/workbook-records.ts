import { checkHeader } from '../checks';
import type { CsvRecord } from '../csv-records';
import { UploadRejection } from '../errors';
import { MAX_RECORD_BYTES, toKilobytes } from '../limits';
import { maxExpandedBytes } from './limits';
import { readWorkbookRows, type WorkbookRow } from './workbook-rows';

export interface WorkbookSource {
  /** The stored bytes of the workbook, from the start (a new iterable for each read). */
  pieces: AsyncIterable<Uint8Array>;
  /** The file's size, which bounds what it may expand to. */
  sizeBytes: number;
  /** The sheet to read; the first visible one when not given. */
  sheetName?: string | null;
}

/**
 * The records after the header of a stored, already checked workbook sheet, as a CSV's: row 1 is
 * the header, `line` is the row number Excel shows, blank rows are skipped and keep their number.
 */
export async function* parseWorkbookRecords(source: WorkbookSource): AsyncGenerator<CsvRecord> {
  for await (const row of readRows(source)) {
    if (row.number === 1) continue;
    yield { line: row.number, cells: row.cells };
  }
}

export interface WorkbookFacts {
  headers: string[];
  /** Rows after the header that hold a value. */
  rowCount: number;
  /** The visible worksheets, in tab order. */
  sheetNames: string[];
  sheetName: string;
  /** The first data rows (up to `previewRows`), for the preview. */
  firstRows: string[][];
}

export interface CheckWorkbookOptions {
  maxRecordBytes?: number;
  /** The first data rows kept in the facts (`firstRows`). */
  previewRows?: number;
  /** Each row that passed its checks, the header first, in order (the readable form's writer). */
  onRow?: (row: WorkbookRow) => Promise<void> | void;
}

/**
 * The checks of a CSV, on a workbook's sheet read to its end: the header row (row 1, as in a CSV:
 * a sheet starting lower has no header), names present, distinct and storable, each row's size,
 * at least one data row. Throws `UploadRejection` with the CSV's codes, lines being row numbers.
 */
export async function checkWorkbook(
  source: WorkbookSource, { maxRecordBytes = MAX_RECORD_BYTES, previewRows = 0, onRow }: CheckWorkbookOptions = {},
): Promise<WorkbookFacts> {
  let sheetNames: string[] = [];
  let headers: string[] | undefined;
  let rowCount = 0;
  const firstRows: string[][] = [];
  for await (const row of readRows(source, (names) => { sheetNames = names; })) {
    checkRecordSize(row, maxRecordBytes);
    if (!headers) {
      if (row.number !== 1) throw new UploadRejection('missingHeader');
      headers = checkHeader(row.cells);
      await onRow?.(row);
      continue;
    }
    rowCount++;
    if (firstRows.length < previewRows) firstRows.push(row.cells);
    await onRow?.(row);
  }
  if (!headers) throw new UploadRejection('emptyFile');
  if (rowCount === 0) throw new UploadRejection('noDataRows');
  const sheetName = source.sheetName ?? sheetNames[0] ?? '';
  return { headers, rowCount, sheetNames, sheetName, firstRows };
}

function readRows(source: WorkbookSource, onSheets?: (names: string[]) => void): AsyncGenerator<WorkbookRow> {
  return readWorkbookRows(source.pieces, {
    sheetName: source.sheetName, maxExpandedBytes: maxExpandedBytes(source.sizeBytes), onSheets,
  });
}

/** A row's size as the same row would take in a CSV (UTF-8, a separator between cells). */
function checkRecordSize(row: WorkbookRow, maxRecordBytes: number): void {
  let bytes = row.cells.length - 1;
  for (const cell of row.cells) bytes += Buffer.byteLength(cell, 'utf8');
  if (bytes > maxRecordBytes) throw new UploadRejection('recordTooLong', { line: row.number, maxKb: toKilobytes(maxRecordBytes) });
}
