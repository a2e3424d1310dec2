import fc from 'fast-check';

// Generated hostile files for tests/integration/fuzz-files.test.ts: random bytes, and CSV-like
// files whose every part can go wrong (quotes anywhere, mixed line ends and separators, BOMs of
// every kind, invalid UTF-8, NULs, blank lines, a header only), plus a few rare huge ones
// (10,000 columns, a 1 MiB cell). Most are small, so a thousand of them run in seconds.

export interface FuzzFile {
  /** What kind of file this is, for the failure message. */
  kind: string;
  bytes: Uint8Array;
}

const encoder = new TextEncoder();
const utf8 = (text: string) => encoder.encode(text);

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Text as UTF-16 with its byte order mark, little- or big-endian. */
function utf16(text: string, order: 'le' | 'be'): Uint8Array {
  const units = [0xfeff, ...[...text].flatMap((c) => (c.length === 2 ? [c.charCodeAt(0), c.charCodeAt(1)] : [c.charCodeAt(0)]))];
  return Uint8Array.from(units.flatMap((u) => (order === 'le' ? [u & 0xff, u >> 8] : [u >> 8, u & 0xff])));
}

/** Byte order marks of every kind (UTF-8's and UTF-16's are read; UTF-32's and UTF-7's are not), a doubled one, and none. */
export const BOMS: readonly (readonly number[])[] = [
  [], [0xef, 0xbb, 0xbf], [0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff],
  [0xff, 0xfe, 0x00, 0x00], [0x00, 0x00, 0xfe, 0xff], [0x2b, 0x2f, 0x76, 0x38], [0xef, 0xbb],
];

/** Byte runs that are not UTF-8: a lone continuation, a cut sequence, an overlong form, a surrogate, 0xFF. */
const INVALID_UTF8: readonly (readonly number[])[] = [
  [0x80], [0xc3], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xff], [0xf5, 0x80, 0x80, 0x80],
];

/** Header names the mapping knows (so the validators run) and others it does not. */
const KNOWN_HEADERS = [
  'External ID', 'First Name', 'Last Name', 'Work Email', 'Work Phone', 'Cell Phone', 'Country Code', 'Callable',
  'Deleted', 'External System URL', 'Organization Name', 'Organization External ID', 'Prénom', 'Courriel',
];

const NEWLINES = ['\n', '\r\n', '\r'] as const;
const SEPARATORS = [',', ';', '\t', '|'] as const;

/** Text of a cell before quoting: words, look-alike values, and the characters that break CSVs. */
const cellText = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('', ' ', 'Ann', 'Zoë', 'L’Hôte', '東京', '𝄞', 'ann@example.com', 'not-an-email',
    '+33 6 12 34 56 78', '555-0100', 'FR', 'zz', 'true', 'maybe', '2024-01-02', 'yesterday', 'https://example.com', 'ftp://x',
    '=1+2', '@SUM(A1)', 'x'.repeat(300)) },
  { weight: 4, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ unit: fc.constantFrom('"', ',', ';', '\t', '\n', '\r', '\0', ' ', 'a', 'é', '\uFEFF', '\u2028'), maxLength: 10 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
);

interface CellPlan { text: string; quoting: 'none' | 'proper' | 'open' | 'stray' }
const cell = fc.record({
  text: cellText,
  quoting: fc.constantFrom<CellPlan['quoting']>('none', 'none', 'proper', 'proper', 'open', 'stray'),
});

/** A cell as written: bare, properly quoted, with an unclosed quote, or a quote at a random place. */
function writeCell({ text, quoting }: CellPlan, at: number): string {
  switch (quoting) {
    case 'none': return text;
    case 'proper': return `"${text.replace(/"/g, '""')}"`;
    case 'open': return `"${text}`;
    case 'stray': {
      const i = text.length ? at % (text.length + 1) : 0;
      return `${text.slice(0, i)}"${text.slice(i)}`;
    }
  }
}

const row = fc.array(fc.tuple(cell, fc.nat()), { maxLength: 8 });
const header = fc.oneof(
  fc.uniqueArray(fc.constantFrom(...KNOWN_HEADERS), { minLength: 1, maxLength: 8 }),
  fc.array(fc.oneof(fc.constantFrom(...KNOWN_HEADERS), fc.string({ maxLength: 8 })), { minLength: 0, maxLength: 6 }),
);

interface CsvPlan {
  bom: readonly number[];
  header: string[];
  headerQuoted: boolean;
  rows: [CellPlan, number][][];
  separator: string;
  /** Another separator used on some rows. */
  otherSeparator: string;
  mixSeparators: boolean;
  newlines: string[];
  blankLines: number[];
  finalNewline: boolean;
  /** Invalid UTF-8 (or a NUL) spliced in at a position, by fraction of the file. */
  splice: { bytes: readonly number[]; at: number } | null;
}

const csvPlan: fc.Arbitrary<CsvPlan> = fc.record({
  bom: fc.oneof({ weight: 6, arbitrary: fc.constant<readonly number[]>([]) }, { weight: 4, arbitrary: fc.constantFrom(...BOMS) }),
  header,
  headerQuoted: fc.boolean(),
  rows: fc.array(row, { maxLength: 12 }),
  separator: fc.constantFrom(...SEPARATORS),
  otherSeparator: fc.constantFrom(...SEPARATORS),
  mixSeparators: fc.boolean(),
  newlines: fc.array(fc.constantFrom(...NEWLINES), { minLength: 1, maxLength: 4 }),
  blankLines: fc.array(fc.nat({ max: 14 }), { maxLength: 3 }),
  finalNewline: fc.boolean(),
  splice: fc.option(fc.record({
    bytes: fc.oneof(fc.constantFrom(...INVALID_UTF8), fc.constant<readonly number[]>([0x00])),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
  }), { freq: 3 }),
});

function writeCsv(plan: CsvPlan): Uint8Array {
  const lines: string[] = [];
  const headerCells = plan.header.map((name) => (plan.headerQuoted ? `"${name.replace(/"/g, '""')}"` : name));
  lines.push(headerCells.join(plan.separator));
  plan.rows.forEach((cells, r) => {
    const separator = plan.mixSeparators && r % 2 === 1 ? plan.otherSeparator : plan.separator;
    lines.push(cells.map(([c, at]) => writeCell(c, at)).join(separator));
  });
  for (const at of plan.blankLines) lines.splice(Math.min(at, lines.length), 0, '');
  let text = '';
  lines.forEach((line, i) => {
    text += line;
    if (i < lines.length - 1 || plan.finalNewline) text += plan.newlines[i % plan.newlines.length];
  });
  let body: Uint8Array = utf8(text);
  if (plan.splice) {
    const at = Math.floor(plan.splice.at * body.length);
    body = concat([body.subarray(0, at), Uint8Array.from(plan.splice.bytes), body.subarray(at)]);
  }
  return concat([Uint8Array.from(plan.bom), body]);
}

/** A valid header and rows of valid-looking contacts, with one hostile thing in a row: most import. */
const importablePlan = fc.record({
  bom: fc.constantFrom<readonly number[]>([], [0xef, 0xbb, 0xbf]),
  separator: fc.constantFrom(',', ';', '\t'),
  newline: fc.constantFrom(...NEWLINES),
  rows: fc.array(fc.tuple(fc.constantFrom('Ann', 'Zoë', ''), fc.constantFrom('a@example.com', 'bad@', '', 'b@example.org'),
    fc.constantFrom('+1 202 555 0100', '12', '', '+33 1 23 45 67 89')), { minLength: 1, maxLength: 10 }),
  hostile: fc.record({ row: fc.nat(), text: cellText }),
});

function writeImportable(plan: ImportablePlan): Uint8Array {
  const sep = plan.separator;
  const quote = (text: string) => `"${text.replace(/"/g, '""')}"`;
  const lines = [['External ID', 'First Name', 'Work Email', 'Work Phone'].join(sep)];
  plan.rows.forEach(([first, email, phone], i) => {
    const id = i === plan.hostile.row % plan.rows.length ? plan.hostile.text : `fz-${i}`;
    lines.push([quote(id), quote(first), quote(email), quote(phone)].join(sep));
  });
  return concat([Uint8Array.from(plan.bom), utf8(lines.join(plan.newline) + plan.newline)]);
}
type ImportablePlan = typeof importablePlan extends fc.Arbitrary<infer T> ? T : never;

/** The rare large files: 10,000 columns, a cell of 1 MiB (too long a record) or just under it. */
const largeFile = fc.constantFrom('columns', 'cellOver', 'cellUnder', 'rowOfColumns').map((kind): FuzzFile => {
  switch (kind) {
    case 'columns': {
      const names = Array.from({ length: 10_000 }, (_, i) => `Column ${i + 1}`);
      const values = Array.from({ length: 10_000 }, (_, i) => (i % 3 ? `v${i}` : ''));
      return { kind: 'large: 10,000 columns', bytes: utf8(`${names.join(',')}\n${values.join(',')}\n${values.slice(0, 10).join(',')}\n`) };
    }
    case 'rowOfColumns': {
      const values = Array.from({ length: 10_000 }, (_, i) => `x${i}`);
      return { kind: 'large: a row of 10,000 cells under 4 headers', bytes: utf8(`External ID,First Name,Work Email,Notes\nfz-1,${values.join(',')}\n`) };
    }
    case 'cellOver':
      return { kind: 'large: a 1 MiB cell', bytes: utf8(`External ID,First Name\nfz-1,"${'é'.repeat(512 * 1024)}"\nfz-2,Ann\n`) };
    default:
      return { kind: 'large: a cell just under 1 MiB', bytes: utf8(`External ID,First Name\nfz-1,${'a'.repeat(1024 * 1024 - 64)}\nfz-2,Ann\n`) };
  }
});

const special = fc.constantFrom<FuzzFile>(
  { kind: 'empty', bytes: new Uint8Array(0) },
  { kind: 'a BOM only', bytes: Uint8Array.from([0xef, 0xbb, 0xbf]) },
  { kind: 'header only', bytes: utf8('External ID,First Name,Work Email\r\n') },
  { kind: 'header only, no line end', bytes: utf8('External ID;First Name') },
  { kind: 'blank lines only', bytes: utf8('\n\r\n\r\n') },
  { kind: 'blank line then data', bytes: utf8('\nExternal ID,First Name\nfz-1,Ann\n') },
  { kind: 'NUL in a header name', bytes: utf8('External ID,First\0Name\nfz-1,Ann\n') },
  { kind: 'NULs only', bytes: new Uint8Array(64) },
  { kind: 'UTF-16 LE file', bytes: utf16('Name,City\r\nAnn,Paris\r\nZoé,Besançon\r\n', 'le') },
  { kind: 'UTF-16 BE file', bytes: utf16('External ID;First Name\nfz-1;😀 Zoé\n', 'be') },
  { kind: 'UTF-16 LE file with an unpaired surrogate', bytes: utf16('External ID,First Name\nfz-1,A\uD800B\n', 'le') },
  { kind: 'UTF-16 BE file cut in a character', bytes: utf16('External ID,First Name\nfz-1,Ann\n', 'be').subarray(0, 49) },
  { kind: 'Windows-1252 file', bytes: Uint8Array.from([...'External ID;First Name\r\nfz-1;Zoé « Œ » €\r\n'].map((c) => ({ 'Œ': 0x8c, '€': 0x80 })[c] ?? c.charCodeAt(0))) },
  { kind: 'neither UTF-8 nor Windows-1252', bytes: Uint8Array.from([...utf8('External ID,First Name\nfz-1,Ren'), 0xe9, 0x0a, ...utf8('fz-2,'), 0x81, 0x0a]) },
  { kind: 'unclosed quote to the end', bytes: utf8('External ID,First Name\nfz-1,"Ann\nfz-2,Bob\nfz-3,Cy\n') },
  { kind: 'quote only', bytes: utf8('"') },
);

/**
 * FUZZ_SKIP_NUL=1 turns NUL bytes into spaces: to look for other faults while one about NULs is
 * being fixed. Off by default.
 */
function withoutNulIfAsked(files: fc.Arbitrary<FuzzFile>): fc.Arbitrary<FuzzFile> {
  if (process.env.FUZZ_SKIP_NUL !== '1') return files;
  return files.map((file) => ({ ...file, bytes: file.bytes.map((b) => (b === 0 ? 0x20 : b)) }));
}

/**
 * A hostile file: mostly small CSV-like files; some random bytes, some fixed edge cases, and
 * (1 in ~250) a large one. `importable` files have a valid header and usually get to the import.
 */
export const fuzzFile: fc.Arbitrary<FuzzFile> = withoutNulIfAsked(fc.oneof(
  { weight: 60, arbitrary: csvPlan.map((plan) => ({ kind: 'csv', bytes: writeCsv(plan) })) },
  { weight: 15, arbitrary: importablePlan.map((plan) => ({ kind: 'importable', bytes: writeImportable(plan) })) },
  { weight: 15, arbitrary: fc.uint8Array({ maxLength: 512 }).map((bytes) => ({ kind: 'random bytes', bytes })) },
  { weight: 8, arbitrary: special },
  { weight: 1, arbitrary: largeFile },
));

/** A file likely to reach the import: the importable kind, sometimes a CSV one. */
export const importableFile: fc.Arbitrary<FuzzFile> = withoutNulIfAsked(fc.oneof(
  { weight: 3, arbitrary: importablePlan.map((plan) => ({ kind: 'importable', bytes: writeImportable(plan) })) },
  { weight: 1, arbitrary: csvPlan.map((plan) => ({ kind: 'csv', bytes: writeCsv(plan) })) },
));

/** The file's bytes as a short, readable failure message (escaped, cut). */
export function describeFile(file: FuzzFile): string {
  const shown = Buffer.from(file.bytes.subarray(0, 300)).toString('latin1')
    .replace(/[\x00-\x1f\x7f-\xff]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return `${file.kind}, ${file.bytes.length} bytes: ${shown}${file.bytes.length > 300 ? '…' : ''}`;
}
