import { startsWithBom } from '../csv-format';
import { UploadRejection } from '../errors';
import { FileChecker, type FileFacts } from '../file-checker';
import { concatBytes } from '../utf8';
import { FALLBACK_ENCODING, type TextEncoding } from './encodings';
import { utf16BomOf } from './utf16';

export interface ReadFacts extends FileFacts {
  /** The encoding the file is read in. */
  encoding: TextEncoding;
  /** What detection found; null when the encoding was given. */
  detectedEncoding: TextEncoding | null;
}

/**
 * Checks a CSV file as it streams in, in a given encoding or one it detects. Detection: a UTF-16
 * byte order mark says UTF-16; otherwise the file is checked as UTF-8, and at the first byte that
 * is not UTF-8 (in a file without the UTF-8 mark, which would be refused) checking stops; once
 * every byte is stored, the stored file is checked again from its start as Windows-1252.
 * ISO-8859-1 and -15 are never detected: they refuse 0x80-0x9F, where Windows-1252 has its
 * letters and signs, so a file Windows-1252 refuses they refuse too. A person or a profile may
 * choose them. Memory: the checker's (the header row), whatever the file's size.
 */
export class DetectingCheck {
  private checker: FileChecker | undefined;
  private start: Uint8Array = new Uint8Array(0); // the first bytes, until the marks are known
  private declaredUtf8 = false; // a UTF-8 byte order mark: the file says what it is
  private notUtf8 = false;

  constructor(private readonly given: TextEncoding | undefined, private readonly maxRecordBytes?: number) {
    if (given) this.checker = new FileChecker(maxRecordBytes, given);
  }

  push(piece: Uint8Array): void {
    if (this.notUtf8) return;
    if (!this.checker) {
      this.start = concatBytes(this.start, piece);
      if (this.start.length < 3) return;
      piece = this.takeStart();
    }
    this.guard(() => this.checker!.push(piece));
  }

  /** The file's facts; `stored` reads the stored file again from its start, for the second reading. */
  async finish(stored: () => AsyncIterable<Uint8Array>): Promise<ReadFacts> {
    if (!this.checker) {
      const start = this.takeStart(); // a file of fewer than 3 bytes
      this.guard(() => this.checker!.push(start));
    }
    let facts: FileFacts | undefined;
    if (!this.notUtf8) this.guard(() => { facts = this.checker!.finish(); });
    if (facts) return { ...facts, encoding: this.checker!.encoding, detectedEncoding: this.given ? null : this.checker!.encoding };
    return readAgain(stored, this.maxRecordBytes);
  }

  private takeStart(): Uint8Array {
    const start = this.start;
    this.start = new Uint8Array(0);
    this.declaredUtf8 = startsWithBom(start);
    this.checker = new FileChecker(this.maxRecordBytes, utf16BomOf(start) ?? 'utf-8');
    return start;
  }

  /** Runs a check; a byte that is not UTF-8, in a file read as UTF-8 by guess, only notes it. */
  private guard(check: () => void): void {
    try {
      check();
    } catch (error) {
      const guessedUtf8 = !this.given && !this.declaredUtf8 && this.checker!.encoding === 'utf-8';
      if (!guessedUtf8 || !(error instanceof UploadRejection) || error.code !== 'invalidUtf8') throw error;
      this.notUtf8 = true;
    }
  }
}

/** The second reading of a file that is not UTF-8: Windows-1252, or no encoding offered. */
async function readAgain(stored: () => AsyncIterable<Uint8Array>, maxRecordBytes: number | undefined): Promise<ReadFacts> {
  const checker = new FileChecker(maxRecordBytes, FALLBACK_ENCODING);
  try {
    for await (const piece of stored()) checker.push(piece);
    return { ...checker.finish(), encoding: FALLBACK_ENCODING, detectedEncoding: FALLBACK_ENCODING };
  } catch (error) {
    if (error instanceof UploadRejection && error.code === 'invalidEncoding') {
      throw new UploadRejection('unknownEncoding', { line: error.params.line });
    }
    throw error;
  }
}
