import ExcelJS from 'exceljs';

/**
 * The parts of exceljs 4.4.0's streaming WorkbookReader that its type declarations leave out and
 * lib/import/upload/xlsx/workbook-rows.ts drives itself: the parsers of each part of the archive.
 * exceljs is pinned for them (docs/development.md, tests/unit/dependency-internals.test.ts).
 */
export interface WorkbookReaderInternals {
  _parseRels(stream: AsyncIterable<string>): Promise<void>;
  _parseWorkbook(stream: AsyncIterable<string>): Promise<void>;
  /** With `sharedStrings: 'emit'`: each string in order (text, or `{ richText }`). */
  _parseSharedStrings(stream: AsyncIterable<string>): AsyncGenerator<{ index: number; text: unknown }>;
  _parseStyles(stream: AsyncIterable<string>): Promise<void>;
  _parseWorksheet(iterator: AsyncIterable<string>, sheetNo: string): Generator<{ eventType: string; value: WorksheetReaderInternals }>;
  /** workbook.xml: the sheets in the order of their tabs. */
  model?: { sheets?: Array<{ name?: string; id?: number; rId?: string; state?: string }> };
  /** xl/_rels/workbook.xml.rels */
  workbookRels?: Array<{ Id: string; Type?: string; Target?: string; TargetMode?: string }>;
  properties?: { model?: { date1904?: boolean } };
}

export interface CellInternals {
  value: unknown;
  numFmt?: string;
}

export interface RowInternals {
  number: number;
  eachCell(callback: (cell: CellInternals, column: number) => void): void;
}

export interface WorksheetReaderInternals extends AsyncIterable<RowInternals> {
  name?: string;
}

/**
 * A reader whose part parsers this module calls: shared strings handed over one by one (kept by
 * shared-strings.ts, not in exceljs's array; a cell then holds `{ sharedString: index }`), styles
 * kept (the number formats tell dates and zero-padded codes), hyperlinks ignored (a cell keeps its text).
 */
export function createWorkbookParsers(): WorkbookReaderInternals {
  const options = { worksheets: 'emit', sharedStrings: 'emit', hyperlinks: 'ignore', styles: 'cache', entries: 'ignore' } as const;
  // The input is never read: the archive is walked by workbook-rows.ts.
  return new ExcelJS.stream.xlsx.WorkbookReader('', options) as unknown as WorkbookReaderInternals;
}
