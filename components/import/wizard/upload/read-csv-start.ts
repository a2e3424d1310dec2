import Papa from 'papaparse';
import type { Message } from '@/lib/actions/result';
// The engine's own checks (no Node.js API in these modules), so the browser refuses a file for
// the same reason, in the same words, as the server will.
import { checkHeader, detectNewline, detectSeparator, parseFirstRecord } from '@/lib/import/upload/checks';
import { startsWithBom, type Separator } from '@/lib/import/upload/csv-format';
import { ENCODING_NAMES, FALLBACK_ENCODING, type TextEncoding } from '@/lib/import/upload/encoding/encodings';
import { SingleByteTranscoder } from '@/lib/import/upload/encoding/single-byte';
import { Utf16Transcoder, utf16BomOf } from '@/lib/import/upload/encoding/utf16';
import { UploadRejection, uploadErrorKey } from '@/lib/import/upload/errors';
import { MAX_RECORD_BYTES, toKilobytes } from '@/lib/import/upload/limits';

/** How much of the file the browser reads: a header row may be as long as a record. */
export const PREVIEW_SLICE_BYTES = 2 * MAX_RECORD_BYTES;

export type CsvStart =
  | { kind: 'read'; headers: string[]; rows: string[][]; separator: Separator; hasBom: boolean; encoding: TextEncoding }
  /** The start says nothing certain (e.g. a blank first line): the server will tell. */
  | { kind: 'undetermined' }
  | { kind: 'rejected'; error: Message };

/** What the page asks the preview worker (preview.worker.ts), and what it answers. */
export interface PreviewRequest {
  file: File;
  rows: number;
}
export type PreviewReply = CsvStart | { kind: 'failed' };

const LF = 0x0a;
const CR = 0x0d;

/**
 * The header and first `rows` records of a CSV file from its first bytes (`whole`: they are the
 * whole file), or the reason the server will refuse it. Never reads past `bytes`. The encoding
 * is guessed as the server detects it (lib/import/upload/encoding/detecting-check.ts), from these
 * bytes only: a UTF-16 byte order mark, else UTF-8, else Windows-1252. The server, which reads
 * the whole file, has the last word.
 */
export function readCsvStart(raw: Uint8Array, { whole, rows }: { whole: boolean; rows: number }): CsvStart {
  try {
    const { bytes, encoding } = asUtf8(raw, whole);
    const start = readUtf8Start(bytes, { whole, rows });
    return start.kind === 'read' ? { ...start, encoding } : start;
  } catch (error) {
    if (error instanceof UploadRejection) return { kind: 'rejected', error: { key: uploadErrorKey(error.code), params: error.params } };
    throw error;
  }
}

/** The start of the file as UTF-8, in the encoding it seems to be in. */
function asUtf8(raw: Uint8Array, whole: boolean): { bytes: Uint8Array; encoding: TextEncoding } {
  const utf16 = utf16BomOf(raw);
  if (utf16) {
    const transcoder = new Utf16Transcoder(utf16);
    const read = transcoder.push(raw);
    const end = read.invalidAt === -1 && whole ? transcoder.finish() : read;
    if (end.invalidAt !== -1) {
      const at = read.invalidAt === -1 ? read.bytes.length : read.invalidAt;
      throw new UploadRejection('invalidEncoding', { line: 1 + countLineBreaks(read.bytes, at), encoding: ENCODING_NAMES[utf16] });
    }
    return { bytes: read.bytes, encoding: utf16 };
  }
  // Not UTF-8 (and not marked as such, which the server would refuse): Windows-1252.
  if (startsWithBom(raw) || invalidUtf8Line(utf8Part(raw, whole), whole) === undefined) return { bytes: raw, encoding: 'utf-8' };
  const read = new SingleByteTranscoder(FALLBACK_ENCODING).push(raw);
  if (read.invalidAt !== -1) throw new UploadRejection('unknownEncoding', { line: 1 + countLineBreaks(read.bytes, read.invalidAt) });
  return { bytes: read.bytes, encoding: FALLBACK_ENCODING };
}

/** Up to the last line break: a character cut at the slice's end is not bad UTF-8. */
function utf8Part(bytes: Uint8Array, whole: boolean): Uint8Array {
  return whole ? bytes : bytes.subarray(0, Math.max(bytes.lastIndexOf(LF), bytes.lastIndexOf(CR)) + 1);
}

type Utf8Start = Exclude<CsvStart, { kind: 'read' }> | Omit<Extract<CsvStart, { kind: 'read' }>, 'encoding'>;

/** The header and first rows of the start of a file in UTF-8 (throws `UploadRejection`). */
function readUtf8Start(bytes: Uint8Array, { whole, rows }: { whole: boolean; rows: number }): Utf8Start {
  const hasBom = startsWithBom(bytes);
  const content = hasBom ? bytes.subarray(3) : bytes;
  if (whole && content.length === 0) throw new UploadRejection('emptyFile');
  // Up to the last line break: a cut at the slice's end is neither bad UTF-8 nor a short row.
  const complete = whole ? content : content.subarray(0, Math.max(content.lastIndexOf(LF), content.lastIndexOf(CR)) + 1);
  const badLine = invalidUtf8Line(complete, whole);
  if (badLine !== undefined) throw new UploadRejection('invalidUtf8', { line: badLine });
  const newline = detectNewline(content, whole);
  if (!newline) {
    if (content.length <= MAX_RECORD_BYTES) return { kind: 'undetermined' };
    throw new UploadRejection('recordTooLong', { line: 1, maxKb: toKilobytes(MAX_RECORD_BYTES) });
  }
  const header = detectSeparator(content, newline, whole, MAX_RECORD_BYTES);
  const first = header?.counter.firstRecord;
  if (!header || !first || first.empty) return { kind: 'undetermined' };
  const { separator } = header;
  const headers = checkHeader(parseFirstRecord(decode(content.subarray(0, first.end)), separator, newline));
  const records = firstRecords(decode(complete), separator, newline, rows + 1);
  const dataRows = records.rows.slice(1);
  if (whole && dataRows.length === 0) throw new UploadRejection('noDataRows');
  // The slice ends on a line break: a record is cut only where a quote is still open.
  if (!whole && !records.stopped && records.openQuote) dataRows.pop();
  return { kind: 'read', headers, rows: dataRows, separator, hasBom };
}

function decode(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
}

/** The first `count` records that are not blank lines, as papaparse (and so the import) reads them. */
function firstRecords(text: string, separator: Separator, newline: string, count: number) {
  const rows: string[][] = [];
  let stopped = false;
  let openQuote = false;
  Papa.parse<string[]>(text, {
    delimiter: separator,
    newline: newline as Papa.ParseConfig['newline'],
    step: (result, parser) => {
      const cells = result.data;
      if (cells.length === 1 && cells[0] === '') return;
      openQuote = result.errors.some((error) => error.type === 'Quotes');
      rows.push(cells);
      if (rows.length >= count) {
        stopped = true;
        parser.abort();
      }
    },
  });
  return { rows, stopped, openQuote };
}

/**
 * The 1-based line of the first byte that is not UTF-8, as a text editor counts lines (LF, CRLF
 * or a lone CR), or undefined. `whole`: a character cut by the end is an error too.
 */
export function invalidUtf8Line(bytes: Uint8Array, whole: boolean): number | undefined {
  const fatal = () => new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const validUpTo = (end: number) => {
    try {
      fatal().decode(bytes.subarray(0, end), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  if (validUpTo(bytes.length)) {
    if (!whole) return undefined;
    try {
      fatal().decode(bytes);
      return undefined;
    } catch {
      return 1 + countLineBreaks(bytes, bytes.length);
    }
  }
  // The shortest failing prefix ends on the byte where the sequence became ill-formed.
  let low = 0; // valid
  let high = bytes.length; // invalid
  while (high - low > 1) {
    const middle = (low + high) >>> 1;
    if (validUpTo(middle)) low = middle;
    else high = middle;
  }
  return 1 + countLineBreaks(bytes, high - 1);
}

/** Line breaks before `end`: LF, CRLF (once) and a lone CR, like the server's LineCounter. */
export function countLineBreaks(bytes: Uint8Array, end: number): number {
  let count = 0;
  for (let i = 0; i < end; i++) {
    if (bytes[i] === LF) count++;
    else if (bytes[i] === CR && bytes[i + 1] !== LF && i + 1 < bytes.length) count++;
  }
  return count;
}
