import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';

/** A cell of a generated workbook: a value, or a value with its number format. */
export type XlsxCell = ExcelJS.CellValue | { value: ExcelJS.CellValue; numFmt: string };

export interface XlsxSheet {
  name: string;
  rows: XlsxCell[][];
  state?: 'visible' | 'hidden';
}

/**
 * An .xlsx file written by exceljs's streaming writer, as exports do: shared strings by default
 * (their part comes after the sheets, as in files Excel writes), or inline strings.
 */
export async function buildWorkbook(sheets: XlsxSheet[], { sharedStrings = true } = {}): Promise<Buffer> {
  const out = new PassThrough();
  const parts: Buffer[] = [];
  out.on('data', (chunk: Buffer) => parts.push(chunk));
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: sharedStrings, useStyles: true });
  for (const sheet of sheets) {
    const ws = book.addWorksheet(sheet.name, { state: sheet.state ?? 'visible' });
    for (const cells of sheet.rows) {
      const row = ws.addRow(cells.map((cell) => (isFormatted(cell) ? cell.value : cell)));
      cells.forEach((cell, i) => { if (isFormatted(cell)) row.getCell(i + 1).numFmt = cell.numFmt; });
      row.commit();
    }
    ws.commit();
  }
  await book.commit();
  return Buffer.concat(parts);
}

function isFormatted(cell: XlsxCell): cell is { value: ExcelJS.CellValue; numFmt: string } {
  return typeof cell === 'object' && cell !== null && !(cell instanceof Date) && 'numFmt' in cell;
}

/** Bytes as an async iterable in pieces of `size`, as a stream or the stored chunks hand them over. */
export async function* piecesOf(bytes: Uint8Array, size = 64 * 1024): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size);
}
