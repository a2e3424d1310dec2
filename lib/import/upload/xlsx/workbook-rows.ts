import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Entry, Parse } from 'unzipper';
import { UploadRejection } from '../errors';
import { cellText } from './cell-text';
import type { WorkbookReaderInternals, WorksheetReaderInternals } from './exceljs-internals';
import { ExpandedGuard, type ExpandedBudget } from './expanded-guard';
import { SharedStringStore } from './shared-strings';

/** Excel's widest sheet (column XFD): a cell beyond it is a broken file. */
export const MAX_COLUMNS = 16_384;
/** Excel's longest sheet. */
export const MAX_ROWS = 1_048_576;

export interface WorkbookRow {
  /** The row's number in the sheet, as Excel shows it (1 = the first row). */
  number: number;
  /** The cells from column A to the last one with a value, as Excel shows them. */
  cells: string[];
}

export interface ReadWorkbookOptions {
  /** The sheet to read; the first visible one when not given. */
  sheetName?: string | null;
  /** What the archive may expand to, in all (see ExpandedGuard). */
  maxExpandedBytes: number;
  /** Told the workbook's sheets (visible worksheets, in tab order) before the first row. */
  onSheets?(names: string[]): void;
}

interface SheetRef {
  name: string;
  /** The part's path in the archive: xl/worksheets/sheet1.xml */
  part: string;
}

/**
 * The rows of one sheet of an .xlsx file, streamed: pieces of the archive in, rows out, blank
 * rows left out. Drives exceljs's own part parsers (exceljs-internals.ts) over the archive's
 * entries, for what its WorkbookReader does not do:
 * - text is decoded as a stream, so a character cut between two pieces of a part stays whole
 *   (exceljs decodes each piece alone, and turns such a character into U+FFFD);
 * - only the chosen sheet is read; the others are skipped;
 * - the shared strings go to a store of bounded memory (shared-strings.ts), not exceljs's array;
 * - what the archive expands to is bounded (a zip bomb), and the temporary copy of the sheet is
 *   removed however the reading ends (early, by the caller, or on an error).
 * The sheet's part comes before the shared strings and styles in files Excel writes, and its cells
 * need both: it is then copied, unzipped, to a temporary file and read once the others are known.
 * Throws `UploadRejection` (invalidWorkbook, workbookTooLarge) for a file that cannot be read.
 */
export async function* readWorkbookRows(
  pieces: AsyncIterable<Uint8Array>, options: ReadWorkbookOptions,
): AsyncGenerator<WorkbookRow> {
  // Loaded with the first workbook: exceljs and the zip reader add about 20 MB to a process's
  // memory, which every process reading only CSV files (the import worker, most of all) is spared.
  const [{ createWorkbookParsers }, { Parse: parseZip }] = await Promise.all([import('./exceljs-internals'), import('unzipper')]);
  const book = createWorkbookParsers();
  const budget: ExpandedBudget = { maxBytes: options.maxExpandedBytes, used: 0 };
  const source = Readable.from(pieces, { objectMode: false });
  const zip = parseZip({ forceStream: true });
  let readFailure: Error | undefined; // the stored file could not be read (the database failed)
  source.on('error', (error) => { readFailure = error; zip.destroy(error); });
  source.pipe(zip);
  const entries = archiveEntries(zip);
  let tempDir: string | undefined;
  const makeTempDir = async () => (tempDir ??= await mkdtemp(path.join(tmpdir(), 'xlsx-')));
  const strings = new SharedStringStore(makeTempDir);
  const spilled = new Map<string, string>();
  let target: SheetRef | undefined;
  let sheetsTold = false;
  let sharedStringsRead = false;
  let stylesRead = false;
  let sheetRead = false;

  const knowTarget = () => {
    if (target || !book.model || !book.workbookRels) return;
    const sheets = listSheets(book);
    if (!sheetsTold) { sheetsTold = true; options.onSheets?.(sheets.map((s) => s.name)); }
    target = options.sheetName ? sheets.find((s) => s.name === options.sheetName) : sheets[0];
    if (!target) throw new UploadRejection('invalidWorkbook');
  };
  const pending = (type: string, read: boolean) => !read && (book.workbookRels ?? []).some((rel) => rel.Type?.endsWith(`/${type}`));

  try {
    for await (const entry of entries) {
      const part = entry.path.replace(/^\/+/, '');
      const lower = part.toLowerCase();
      if (lower === 'xl/workbook.xml') await book._parseWorkbook(textOf(entry, budget));
      else if (lower === 'xl/_rels/workbook.xml.rels') await book._parseRels(textOf(entry, budget));
      else if (lower === 'xl/sharedstrings.xml') {
        for await (const { text } of book._parseSharedStrings(textOf(entry, budget))) await strings.add(cellText(text));
        strings.finish();
        sharedStringsRead = true;
      } else if (lower === 'xl/styles.xml') {
        await book._parseStyles(textOf(entry, budget));
        stylesRead = true;
      } else if (/^xl\/worksheets\/[^/]+\.xml$/.test(lower)) {
        knowTarget();
        if (target && target.part.toLowerCase() !== lower) {
          await drain(entry);
          continue;
        }
        const ready = target && !pending('sharedStrings', sharedStringsRead) && !pending('styles', stylesRead);
        if (ready) {
          sheetRead = true;
          yield* sheetRows(book, textOf(entry, budget, true), strings);
          continue;
        }
        // Not known yet which sheet this is, or its strings and styles come later: keep it unzipped.
        const file = path.join(await makeTempDir(), `${spilled.size}.xml`);
        await pipeline(entry, new ExpandedGuard(budget, true), createWriteStream(file));
        spilled.set(lower, file);
        continue;
      } else {
        await drain(entry);
        continue;
      }
      knowTarget();
    }
    knowTarget();
    if (!target) throw new UploadRejection('invalidWorkbook');
    if (!sheetRead) {
      const file = spilled.get(target.part.toLowerCase());
      if (!file) throw new UploadRejection('invalidWorkbook');
      yield* sheetRows(book, createReadStream(file, { encoding: 'utf8', highWaterMark: 256 * 1024 }), strings);
    }
  } catch (error) {
    if (error instanceof UploadRejection) throw error;
    if (readFailure) throw readFailure;
    // Not a zip, a cut one, XML that does not parse: the library's words are not shown to anyone.
    throw new UploadRejection('invalidWorkbook');
  } finally {
    source.destroy();
    zip.destroy();
    strings.close();
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  }
}

/** The visible worksheets in tab order (hidden ones too when all are hidden), with their parts. */
function listSheets(book: WorkbookReaderInternals): SheetRef[] {
  const rels = new Map((book.workbookRels ?? []).map((rel) => [rel.Id, rel]));
  const sheets = (book.model?.sheets ?? []).flatMap((sheet) => {
    const rel = sheet.rId ? rels.get(sheet.rId) : undefined;
    if (!rel?.Target || !rel.Type?.endsWith('/worksheet') || rel.TargetMode === 'External') return [];
    const part = rel.Target.startsWith('/') ? rel.Target.slice(1) : path.posix.normalize(`xl/${rel.Target}`);
    return [{ name: sheet.name ?? '', part, hidden: !!sheet.state && sheet.state !== 'visible' }];
  });
  const visible = sheets.filter((s) => !s.hidden);
  return (visible.length > 0 ? visible : sheets).map(({ name, part }) => ({ name, part }));
}

/**
 * The entries of an archive as they come. unzipper reports a cut or broken archive on the archive's
 * stream, sometimes after its end and after handing over an entry that will never end: the entry
 * being read is failed with the error, and no entry is handed over once there was one.
 */
async function* archiveEntries(zip: ReturnType<typeof Parse>): AsyncGenerator<Entry> {
  const queue: Entry[] = [];
  let failure: Error | undefined;
  let ended = false;
  let current: Entry | undefined;
  let wake: (() => void) | undefined;
  zip.on('data', (entry: Entry) => {
    // Failed below when the archive fails, maybe once its reader is done with it: never unhandled.
    entry.on('error', () => {});
    queue.push(entry);
    wake?.();
  });
  // Kept for the stream's life: unzipper may report more after the reading stopped.
  zip.on('error', (error: Error) => { failure ??= error; current?.destroy(error); wake?.(); });
  zip.on('end', () => { ended = true; wake?.(); });
  for (;;) {
    if (failure) throw failure;
    const next = queue.shift();
    if (next) {
      current = next;
      yield next;
      continue;
    }
    if (ended) return;
    await new Promise<void>((resolve) => { wake = resolve; });
    wake = undefined;
  }
}

/** A cell that refers to the shared strings table (`{ sharedString: index }`), as its text. */
function sharedStringOf(value: unknown, strings: SharedStringStore): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const index = (value as { sharedString?: unknown }).sharedString;
  return typeof index === 'number' ? strings.get(index) : value;
}

function drain(entry: Entry): Promise<void> {
  return new Promise((resolve, reject) => {
    entry.once('error', reject);
    entry.autodrain().promise().then(resolve, reject);
  });
}

/** An unzipped part as text, decoded as a stream, counted against the budget. */
function textOf(entry: Entry, budget: ExpandedBudget, sheet = false): AsyncIterable<string> {
  const guard = new ExpandedGuard(budget, sheet);
  entry.on('error', (error) => guard.destroy(error));
  entry.pipe(guard).setEncoding('utf8');
  return guard as AsyncIterable<string>;
}

async function* sheetRows(
  book: WorkbookReaderInternals, text: AsyncIterable<string>, strings: SharedStringStore,
): AsyncGenerator<WorkbookRow> {
  const [event] = [...book._parseWorksheet(text, '1')];
  const sheet: WorksheetReaderInternals | undefined = event?.value;
  if (!sheet) throw new UploadRejection('invalidWorkbook');
  const date1904 = !!book.properties?.model?.date1904;
  let previous = 0;
  for await (const row of sheet) {
    if (!(row.number > previous && row.number <= MAX_ROWS)) throw new UploadRejection('invalidWorkbook');
    previous = row.number;
    const cells: string[] = [];
    let last = 0;
    row.eachCell((cell, column) => {
      if (column > MAX_COLUMNS) throw new UploadRejection('invalidWorkbook');
      const text = cellText(sharedStringOf(cell.value, strings), { numFmt: cell.numFmt, date1904 });
      if (text === '') return;
      while (cells.length < column - 1) cells.push('');
      cells[column - 1] = text;
      last = column;
    });
    if (last > 0) yield { number: row.number, cells };
  }
}
