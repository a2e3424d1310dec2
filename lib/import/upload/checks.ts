import Papa from 'papaparse';
import { SEPARATORS, type Newline, type Separator } from './csv-format';
import { UploadRejection } from './errors';
import { toKilobytes } from './limits';
import { RecordCounter } from './record-counter';

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const SEPARATOR_BYTES = new Set(SEPARATORS.map((s) => s.charCodeAt(0)));

/**
 * The line end of a file, from its first line break outside quotes (Excel writes LF inside
 * quoted cells of CRLF files, so the first break of all can mislead). A quote opens a field only
 * at the start of a line or after a possible separator. `undefined`: more bytes are needed.
 */
export function detectNewline(bytes: Uint8Array, final: boolean): Newline | undefined {
  let inQuotes = false;
  let atFieldStart = true;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (inQuotes) {
      if (b !== QUOTE) continue;
      if (i + 1 === bytes.length) return final ? '\n' : undefined;
      if (bytes[i + 1] === QUOTE) i++;
      else inQuotes = false;
      continue;
    }
    if (b === QUOTE && atFieldStart) { inQuotes = true; continue; }
    if (b === LF) return '\n';
    if (b === CR) {
      if (i + 1 === bytes.length) return final ? '\r' : undefined;
      return bytes[i + 1] === LF ? '\r\n' : '\r';
    }
    atFieldStart = SEPARATOR_BYTES.has(b);
  }
  return final ? '\n' : undefined;
}

export interface HeaderRecord {
  separator: Separator;
  /** The counter that read the header with the chosen separator, to go on with the rest. */
  counter: RecordCounter;
}

/**
 * Reads the start of a file (BOM removed) with each separator and keeps the one that splits the
 * first record into the most fields; comma on ties. `undefined`: the first record has not ended
 * yet for some separator and more bytes may tell. Throws `recordTooLong` when no first record
 * ends within `maxRecordBytes`.
 */
export function detectSeparator(
  bytes: Uint8Array, newline: Newline, final: boolean, maxRecordBytes: number,
): HeaderRecord | undefined {
  const candidates = SEPARATORS.map((separator) => {
    const counter = new RecordCounter(separator.charCodeAt(0), newline, maxRecordBytes);
    counter.push(bytes);
    if (final) counter.finish();
    return { separator, counter };
  });
  const ended = candidates.filter(({ counter }) => counter.firstRecord && counter.tooLongRecord !== 1);
  if (ended.length < candidates.length && !final && bytes.length <= maxRecordBytes) return undefined;
  if (ended.length === 0) throw new UploadRejection('recordTooLong', { line: 1, maxKb: toKilobytes(maxRecordBytes) });
  return ended.reduce((best, c) => (c.counter.firstRecord!.fields > best.counter.firstRecord!.fields ? c : best));
}

/** The cells of the first record of `text`, as papaparse reads them. */
export function parseFirstRecord(text: string, separator: Separator, newline: Newline): string[] {
  const parser = new Papa.Parser({ delimiter: separator, newline, preview: 1 });
  const rows = parser.parse(text, 0, false).data as string[][];
  return rows[0] ?? [''];
}

/**
 * Header names, trimmed. Refuses a header row with no name at all, a blank name, a name holding
 * NUL, or a name given twice (names are compared case-insensitively, as the import matches them).
 */
export function checkHeader(cells: readonly string[]): string[] {
  const names = cells.map((cell) => cell.trim());
  if (names.every((name) => name === '')) throw new UploadRejection('missingHeader');
  const blank = names.indexOf('');
  if (blank !== -1) throw new UploadRejection('emptyHeaderName', { column: blank + 1 });
  // PostgreSQL cannot store NUL (U+0000) in text or jsonb: such a name could not be kept at all.
  const withNul = names.findIndex((name) => name.indexOf('\0') !== -1);
  if (withNul !== -1) throw new UploadRejection('invalidHeaderCharacter', { column: withNul + 1 });
  const seen = new Set<string>();
  for (const name of names) {
    const key = headerKey(name);
    if (seen.has(key)) throw new UploadRejection('duplicateHeader', { name });
    seen.add(key);
  }
  return names;
}

/** How header names compare: trimmed, case-insensitive, one Unicode form for accents. */
export function headerKey(name: string): string {
  return name.trim().normalize('NFC').toLowerCase();
}
