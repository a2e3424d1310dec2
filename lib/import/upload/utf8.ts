import { isUtf8 } from 'node:buffer';

/**
 * Index of the first byte of the first ill-formed UTF-8 sequence in `bytes`, or -1. A sequence
 * cut short by the end of `bytes` counts as ill-formed: callers keep a possibly incomplete tail
 * back (see `incompleteTailLength`) until more bytes arrive. Follows the well-formed byte table
 * of Unicode 15, §3.9 (no overlongs, no surrogates, nothing above U+10FFFF).
 */
export function findInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) { i++; continue; }
    let need: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) low = 0xa0;
      else if (b === 0xed) high = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) low = 0x90;
      else if (b === 0xf4) high = 0x8f;
    } else return i;
    if (i + need >= n) return i;
    const second = bytes[i + 1];
    if (second < low || second > high) return i;
    for (let k = 2; k <= need; k++) {
      const c = bytes[i + k];
      if (c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** How many bytes at the end of `bytes` start a multi-byte character that is not complete yet. */
export function incompleteTailLength(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let back = 1; back <= Math.min(4, n); back++) {
    const b = bytes[n - back];
    if (b >= 0x80 && b <= 0xbf) continue; // a continuation byte: look further back
    const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return length > back ? back : 0;
  }
  return 0;
}

/**
 * Validates a byte stream piece by piece, however the pieces split characters. `push` returns
 * the offset in the piece of the first invalid byte (0 when the fault began in bytes carried from
 * the piece before), or -1.
 */
export class Utf8StreamValidator {
  private carry: Uint8Array = new Uint8Array(0);

  push(piece: Uint8Array): number {
    const joined = this.carry.length ? concatBytes(this.carry, piece) : piece;
    const tail = incompleteTailLength(joined);
    const complete = joined.subarray(0, joined.length - tail);
    if (!isUtf8(complete)) {
      return Math.max(0, findInvalidUtf8(complete) - this.carry.length);
    }
    this.carry = joined.slice(joined.length - tail);
    return -1;
  }

  /** True when the stream ended on a complete character. */
  finish(): boolean {
    return this.carry.length === 0;
  }
}

export function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
