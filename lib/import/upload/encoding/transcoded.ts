/**
 * One piece of a file turned into UTF-8. `invalidAt` is -1, or the offset in `bytes` where the
 * first byte that is not text in the encoding would have gone: `bytes` then holds the text read
 * before it (so the line of the fault is counted over `bytes` up to `invalidAt`).
 */
export interface Transcoded {
  bytes: Uint8Array;
  invalidAt: number;
}

/** Turns a byte stream in one encoding into UTF-8, piece by piece, however pieces cut characters. */
export interface Transcoder {
  push(piece: Uint8Array): Transcoded;
  /** The end of the stream: a character cut by it is a fault. */
  finish(): Transcoded;
}

export const NOTHING: Transcoded = { bytes: new Uint8Array(0), invalidAt: -1 };

/** Writes a code point as UTF-8 at `at`; returns the offset after it. */
export function writeUtf8(out: Uint8Array, at: number, code: number): number {
  if (code < 0x80) {
    out[at] = code;
    return at + 1;
  }
  if (code < 0x800) {
    out[at] = 0xc0 | (code >> 6);
    out[at + 1] = 0x80 | (code & 0x3f);
    return at + 2;
  }
  if (code < 0x10000) {
    out[at] = 0xe0 | (code >> 12);
    out[at + 1] = 0x80 | ((code >> 6) & 0x3f);
    out[at + 2] = 0x80 | (code & 0x3f);
    return at + 3;
  }
  out[at] = 0xf0 | (code >> 18);
  out[at + 1] = 0x80 | ((code >> 12) & 0x3f);
  out[at + 2] = 0x80 | ((code >> 6) & 0x3f);
  out[at + 3] = 0x80 | (code & 0x3f);
  return at + 4;
}
