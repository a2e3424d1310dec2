import type { Newline } from './csv-format';

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

// States of the scanner. Named numbers rather than a const enum: isolatedModules builds.
const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_SEEN = 3; // a quote inside a quoted field: closing, doubled, or stray
const AFTER_QUOTE = 4; // blanks after a closing quote, before the separator or line end
const CR_UNQUOTED = 5; // CRLF files: a CR outside quotes that may start the line end
const CR_AFTER_QUOTE = 6;
const AFTER_QUOTE_MB = 7; // within a multi-byte character after a closing quote: a Unicode blank?

/** ASCII blanks that String.prototype.trim removes (papaparse allows them after a closing quote). */
function isBlank(b: number): boolean {
  return b === 0x20 || (b >= 0x09 && b <= 0x0d);
}

/**
 * The other characters String.prototype.trim removes, in UTF-8: no-break space, ogham space,
 * U+2000-U+200A, line and paragraph separators, narrow no-break space, medium mathematical
 * space, ideographic space, and the BOM (ZWNBSP).
 */
const UNICODE_BLANKS: readonly (readonly number[])[] = [
  [0xc2, 0xa0], [0xe1, 0x9a, 0x80],
  ...Array.from({ length: 11 }, (_, k) => [0xe2, 0x80, 0x80 + k]),
  [0xe2, 0x80, 0xa8], [0xe2, 0x80, 0xa9], [0xe2, 0x80, 0xaf], [0xe2, 0x81, 0x9f], [0xe3, 0x80, 0x80], [0xef, 0xbb, 0xbf],
];
const BLANK_LEADS = new Set(UNICODE_BLANKS.map((seq) => seq[0]));

/** 1: `bytes` are a whole Unicode blank; 0: the start of one; -1: neither. */
function matchUnicodeBlank(bytes: readonly number[]): 1 | 0 | -1 {
  let prefix = false;
  for (const seq of UNICODE_BLANKS) {
    if (bytes.length > seq.length || bytes.some((b, k) => seq[k] !== b)) continue;
    if (bytes.length === seq.length) return 1;
    prefix = true;
  }
  return prefix ? 0 : -1;
}

export interface FirstRecord {
  /** Offset just past the record's line end (or the end of input). */
  end: number;
  fields: number;
  /** A record that is one empty field: a blank line. */
  empty: boolean;
}

/**
 * Counts CSV records over raw bytes at native-loop speed, without building cells. It follows
 * papaparse's grammar (see `Parser` in papaparse.js), not just RFC 4180, so that its count is
 * exactly the number of records `parseCsvRecords` yields: a quote opens a field only at its
 * start; inside, `""` is a quote, and a quote followed by anything but blanks then a separator
 * or the line end is kept as text; an unclosed quote runs to the end of the input.
 */
export class RecordCounter {
  /** Records ended so far, blank lines included (a record's 1-based number is this + 1). */
  records = 0;
  nonEmptyRecords = 0;
  firstRecord: FirstRecord | undefined;
  /** The number of the first record longer than `maxRecordBytes`, once there is one. */
  tooLongRecord: number | undefined;

  private state = FIELD_START;
  private nonEmpty = false;
  private fields = 1;
  /** The bytes read so far of a multi-byte character after a closing quote (AFTER_QUOTE_MB). */
  private multiByte: number[] = [];
  private position = 0;
  private recordStart = 0;
  private readonly lineEnd: number;
  private readonly crlf: boolean;

  constructor(
    private readonly separator: number,
    newline: Newline,
    private readonly maxRecordBytes = Number.POSITIVE_INFINITY,
  ) {
    this.crlf = newline === '\r\n';
    this.lineEnd = newline === '\r' ? CR : LF;
  }

  push(bytes: Uint8Array): void {
    const sep = this.separator;
    const crlf = this.crlf;
    const lineEnd = this.lineEnd;
    const brk = crlf ? CR : lineEnd; // the byte that ends (or, for CRLF, starts ending) a record
    const base = this.position;
    const n = bytes.length;
    let state = this.state;
    let nonEmpty = this.nonEmpty;
    let fields = this.fields;
    for (let i = 0; i < n; i++) {
      const b = bytes[i];
      switch (state) {
        case QUOTED: {
          if (b === QUOTE) { state = QUOTE_SEEN; break; }
          nonEmpty = true;
          const next = bytes.indexOf(QUOTE, i + 1);
          if (next === -1) i = n - 1;
          else { i = next; state = QUOTE_SEEN; }
          break;
        }
        case FIELD_START:
          if (b === QUOTE) { state = QUOTED; break; }
          if (b !== sep && b !== brk) { state = UNQUOTED; nonEmpty = true; }
        // falls through
        case UNQUOTED: {
          let c = b;
          while (c !== sep && c !== brk) { // the hot loop: plain text
            if (++i === n) break;
            c = bytes[i];
          }
          if (i === n) break;
          if (c === sep) { fields++; nonEmpty = true; state = FIELD_START; }
          else if (crlf) state = CR_UNQUOTED;
          else {
            this.endRecord(base + i + 1, nonEmpty, fields);
            state = FIELD_START; nonEmpty = false; fields = 1;
          }
          break;
        }
        case CR_UNQUOTED:
          if (b === LF) {
            this.endRecord(base + i + 1, nonEmpty, fields);
            state = FIELD_START; nonEmpty = false; fields = 1;
          } else { state = UNQUOTED; nonEmpty = true; i--; } // the CR was text
          break;
        case QUOTE_SEEN:
        case AFTER_QUOTE:
          if (b === QUOTE && state === QUOTE_SEEN) { state = QUOTED; nonEmpty = true; } // ""
          else if (b === sep) { fields++; nonEmpty = true; state = FIELD_START; }
          else if (b === brk) {
            if (crlf) { state = CR_AFTER_QUOTE; break; }
            this.endRecord(base + i + 1, nonEmpty, fields);
            state = FIELD_START; nonEmpty = false; fields = 1;
          } else if (isBlank(b)) state = AFTER_QUOTE;
          else if (BLANK_LEADS.has(b)) { state = AFTER_QUOTE_MB; this.multiByte = [b]; }
          else { // a stray quote: the field goes on
            nonEmpty = true;
            if (state === AFTER_QUOTE && b === QUOTE) { state = QUOTED; i--; } else state = QUOTED;
          }
          break;
        case CR_AFTER_QUOTE:
          if (b === LF) {
            this.endRecord(base + i + 1, nonEmpty, fields);
            state = FIELD_START; nonEmpty = false; fields = 1;
          } else { state = AFTER_QUOTE; i--; } // the CR was a blank
          break;
        case AFTER_QUOTE_MB: {
          this.multiByte.push(b);
          const match = matchUnicodeBlank(this.multiByte);
          if (match === 1) state = AFTER_QUOTE;
          else if (match === -1) { state = QUOTED; nonEmpty = true; i--; } // the quote was text
          break;
        }
      }
    }
    this.state = state;
    this.nonEmpty = nonEmpty;
    this.fields = fields;
    this.position = base + n;
    this.checkLength(this.position);
  }

  /** Ends the input: the last record needs no line end. */
  finish(): void {
    const pending = this.state !== FIELD_START || this.nonEmpty || this.position > this.recordStart;
    if (!pending) return;
    // After a closing quote, anything but a separator or line end makes the quote text.
    const strayQuote = this.state === AFTER_QUOTE || this.state === CR_AFTER_QUOTE
      || this.state === AFTER_QUOTE_MB || this.state === CR_UNQUOTED;
    this.endRecord(this.position, this.nonEmpty || strayQuote, this.fields);
    this.state = FIELD_START;
    this.nonEmpty = false;
    this.fields = 1;
  }

  private endRecord(end: number, nonEmpty: boolean, fields: number): void {
    this.checkLength(end);
    this.records++;
    if (nonEmpty) this.nonEmptyRecords++;
    if (this.records === 1) this.firstRecord = { end, fields, empty: !nonEmpty };
    this.recordStart = end;
  }

  private checkLength(end: number): void {
    if (this.tooLongRecord === undefined && end - this.recordStart > this.maxRecordBytes) {
      this.tooLongRecord = this.records + 1;
    }
  }
}
