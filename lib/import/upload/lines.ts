import { Buffer } from 'node:buffer';

const LF = 0x0a;
const CR = 0x0d;

/**
 * Counts physical line breaks (LF, CRLF, or a lone CR) across pieces, so that a fault found
 * in a later piece can be reported with the 1-based line a text editor shows.
 */
export class LineCounter {
  private breaks = 0;
  private pendingCr = false;

  push(bytes: Uint8Array): void {
    this.breaks += this.breaksIn(bytes, bytes.length);
    this.pendingCr = bytes.length > 0 ? bytes[bytes.length - 1] === CR : this.pendingCr;
  }

  /** The line of the byte at `offset` in `bytes`, the piece after those pushed so far. */
  lineAt(bytes: Uint8Array, offset: number): number {
    return 1 + this.breaks + this.breaksIn(bytes, offset);
  }

  /** The line the stream ends on. */
  get currentLine(): number {
    return 1 + this.breaks;
  }

  private breaksIn(piece: Uint8Array, end: number): number {
    // Buffer's indexOf is a native memchr; a typed array's is several times slower.
    const bytes = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    let count = 0;
    // A CR ending the previous piece was a break unless this piece goes on with its LF.
    if (this.pendingCr && bytes.length > 0 && bytes[0] !== LF) count++;
    for (let i = bytes.indexOf(LF); i !== -1 && i < end; i = bytes.indexOf(LF, i + 1)) count++;
    for (let i = bytes.indexOf(CR); i !== -1 && i < end; i = bytes.indexOf(CR, i + 1)) {
      // A CR at the very end of the piece is decided by the next one.
      if (i + 1 < bytes.length && bytes[i + 1] !== LF) count++;
    }
    return count;
  }
}
