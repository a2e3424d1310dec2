import { checkHeader, detectNewline, detectSeparator, parseFirstRecord } from './checks';
import { startsWithBom, type Newline, type Separator } from './csv-format';
import { UploadRejection } from './errors';
import { ENCODING_NAMES, type TextEncoding } from './encoding/encodings';
import type { Transcoder } from './encoding/transcoded';
import { createTranscoder } from './encoding/transcoder';
import { MAX_RECORD_BYTES, toKilobytes } from './limits';
import { LineCounter } from './lines';
import type { RecordCounter } from './record-counter';
import { concatBytes } from './utf8';

export interface FileFacts {
  hasBom: boolean;
  separator: Separator;
  newline: Newline;
  headers: string[];
  /** Records after the header, blank lines not counted. */
  rowCount: number;
}

/**
 * The checks of an uploaded file, fed piece by piece as it streams in, holding no more than
 * the header row: the text encoding (with the line of the first byte that is not text in it),
 * BOM, line end, separator, header names, and the number of records. Every check after the
 * encoding's runs on the file turned into UTF-8, so lines and records are counted as the import
 * will read them. `push` and `finish` throw `UploadRejection`.
 */
export class FileChecker {
  private readonly transcoder: Transcoder;
  private readonly lines = new LineCounter();
  private start: Uint8Array = new Uint8Array(0); // the bytes before the header row is known
  private counter: RecordCounter | undefined;
  private hasBom = false;
  private newline: Newline = '\n';
  private separator: Separator = ',';
  private headers: string[] = [];
  private headerIsBlank = false;

  constructor(private readonly maxRecordBytes = MAX_RECORD_BYTES, readonly encoding: TextEncoding = 'utf-8') {
    this.transcoder = createTranscoder(encoding);
  }

  push(raw: Uint8Array): void {
    const { bytes: piece, invalidAt } = this.transcoder.push(raw);
    if (invalidAt !== -1) throw this.notText(this.lines.lineAt(piece, invalidAt));
    this.lines.push(piece);
    if (this.counter) {
      this.counter.push(piece);
      this.checkRecords();
    } else {
      this.start = this.start.length ? concatBytes(this.start, piece) : piece.slice();
      this.readHeader(false);
    }
  }

  finish(): FileFacts {
    if (this.transcoder.finish().invalidAt !== -1) throw this.notText(this.lines.currentLine);
    if (this.counter) this.counter.finish();
    else this.readHeader(true);
    const counter = this.counter;
    if (!counter) throw new UploadRejection('emptyFile');
    this.checkRecords();
    if (this.headerIsBlank) throw new UploadRejection(counter.nonEmptyRecords > 0 ? 'missingHeader' : 'emptyFile');
    const rowCount = counter.nonEmptyRecords - 1;
    if (rowCount === 0) throw new UploadRejection('noDataRows');
    return {
      hasBom: this.hasBom, separator: this.separator, newline: this.newline, headers: this.headers, rowCount,
    };
  }

  private readHeader(final: boolean): void {
    if (!final && this.start.length < 3) return;
    this.hasBom = startsWithBom(this.start);
    const content = this.hasBom ? this.start.subarray(3) : this.start;
    if (final && content.length === 0) return; // nothing but a BOM, or nothing at all
    const newline = detectNewline(content, final);
    if (!newline) {
      if (content.length > this.maxRecordBytes) this.tooLong(1);
      return;
    }
    const header = detectSeparator(content, newline, final, this.maxRecordBytes);
    if (!header) return;
    const { counter, separator } = header;
    const first = counter.firstRecord!;
    this.newline = newline;
    this.separator = separator;
    if (first.empty) this.headerIsBlank = true;
    else {
      const text = new TextDecoder('utf-8').decode(content.subarray(0, first.end));
      this.headers = checkHeader(parseFirstRecord(text, separator, newline));
    }
    this.counter = counter;
    this.start = new Uint8Array(0);
    this.checkRecords();
  }

  private checkRecords(): void {
    const counter = this.counter!;
    if (counter.tooLongRecord !== undefined) this.tooLong(counter.tooLongRecord);
    // A blank first line followed by data: the header row is missing, no need to read on.
    if (this.headerIsBlank && counter.nonEmptyRecords > 0) throw new UploadRejection('missingHeader');
  }

  private notText(line: number): UploadRejection {
    if (this.encoding === 'utf-8') return new UploadRejection('invalidUtf8', { line });
    return new UploadRejection('invalidEncoding', { line, encoding: ENCODING_NAMES[this.encoding] });
  }

  private tooLong(line: number): never {
    throw new UploadRejection('recordTooLong', { line, maxKb: toKilobytes(this.maxRecordBytes) });
  }
}
