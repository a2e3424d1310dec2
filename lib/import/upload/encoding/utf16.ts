import { UTF8_BOM } from '../csv-format';
import { NOTHING, writeUtf8, type Transcoded, type Transcoder } from './transcoded';

export type Utf16Encoding = 'utf-16le' | 'utf-16be';

/** The byte order mark that starts a UTF-16 file, if `bytes` start with one. */
export function utf16BomOf(bytes: Uint8Array): Utf16Encoding | undefined {
  if (bytes.length < 2) return undefined;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

/**
 * UTF-16 to UTF-8, keeping back an odd byte or a high surrogate cut by the end of a piece. A
 * leading byte order mark becomes the UTF-8 one, so the rest of the reading (which drops it and
 * notes the file had one) stays that of a UTF-8 file. An unpaired surrogate is a fault.
 */
export class Utf16Transcoder implements Transcoder {
  private readonly littleEndian: boolean;
  private odd = -1; // a byte carried from the piece before, or -1
  private high = -1; // a high surrogate waiting for its pair, or -1
  private atStart = true;

  constructor(encoding: Utf16Encoding) {
    this.littleEndian = encoding === 'utf-16le';
  }

  push(piece: Uint8Array): Transcoded {
    // Each 2 bytes give at most 3 UTF-8 bytes; a surrogate pair's 4 bytes give 4.
    const out = new Uint8Array(Math.ceil((piece.length + 1) / 2) * 3 + 4);
    let at = 0;
    let i = 0;
    while (true) {
      let unit: number;
      if (this.odd !== -1) {
        if (i >= piece.length) break;
        unit = this.unitOf(this.odd, piece[i]);
        this.odd = -1;
        i += 1;
      } else {
        if (i + 1 >= piece.length) {
          if (i < piece.length) this.odd = piece[i];
          break;
        }
        unit = this.unitOf(piece[i], piece[i + 1]);
        i += 2;
      }
      if (this.atStart) {
        this.atStart = false;
        if (unit === 0xfeff) {
          for (const b of UTF8_BOM) out[at++] = b;
          continue;
        }
      }
      if (this.high !== -1) {
        if (unit < 0xdc00 || unit > 0xdfff) return { bytes: out.subarray(0, at), invalidAt: at };
        at = writeUtf8(out, at, 0x10000 + ((this.high - 0xd800) << 10) + (unit - 0xdc00));
        this.high = -1;
        continue;
      }
      if (unit >= 0xd800 && unit <= 0xdbff) { this.high = unit; continue; }
      if (unit >= 0xdc00 && unit <= 0xdfff) return { bytes: out.subarray(0, at), invalidAt: at };
      at = writeUtf8(out, at, unit);
    }
    return { bytes: out.slice(0, at), invalidAt: -1 };
  }

  finish(): Transcoded {
    if (this.odd !== -1 || this.high !== -1) return { bytes: new Uint8Array(0), invalidAt: 0 };
    return NOTHING;
  }

  private unitOf(first: number, second: number): number {
    return this.littleEndian ? first | (second << 8) : (first << 8) | second;
  }
}
