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
const AFTER_QUOTE_C2 = 7; // first byte of a no-break space after a closing quote

/** ASCII blanks that String.prototype.trim removes (papaparse allows them after a closing quote). */
function isBlank(b: number): boolean {
  return b === 0x20 || (b >= 0x09 && b <= 0x0d);
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
          else if (b === 0xc2) state = AFTER_QUOTE_C2;
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
        case AFTER_QUOTE_C2:
          if (b === 0xa0) state = AFTER_QUOTE;
          else { state = QUOTED; nonEmpty = true; i--; }
          break;
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
      || this.state === AFTER_QUOTE_C2 || this.state === CR_UNQUOTED;
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
