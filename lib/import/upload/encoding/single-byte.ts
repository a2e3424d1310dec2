import { NOTHING, writeUtf8, type Transcoded, type Transcoder } from './transcoded';

export type SingleByteEncoding = 'windows-1252' | 'iso-8859-1' | 'iso-8859-15';

const UNDEFINED = -1;

/** Windows-1252's 0x80-0x9F; 0x81, 0x8D, 0x8F, 0x90 and 0x9D are not characters at all. */
const WINDOWS_1252_HIGH = [
  0x20ac, UNDEFINED, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, UNDEFINED, 0x017d, UNDEFINED,
  UNDEFINED, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, UNDEFINED, 0x017e, 0x0178,
];

/** ISO-8859-15 is ISO-8859-1 with eight letters changed (the euro sign, Š š Ž ž Œ œ Ÿ). */
const ISO_8859_15_CHANGES: Record<number, number> = {
  0xa4: 0x20ac, 0xa6: 0x0160, 0xa8: 0x0161, 0xb4: 0x017d, 0xb8: 0x017e, 0xbc: 0x0152, 0xbd: 0x0153, 0xbe: 0x0178,
};

/**
 * Each byte's code point, or UNDEFINED. Hand-made rather than TextDecoder's: the WHATWG decoder
 * reads 'iso-8859-1' as Windows-1252, and maps Windows-1252's five holes and ISO's 0x80-0x9F to
 * C1 control characters without complaint, where a file holding them is not text in that encoding.
 */
function tableOf(encoding: SingleByteEncoding): Int32Array {
  const table = new Int32Array(256);
  for (let b = 0; b < 256; b++) table[b] = b;
  for (let b = 0x80; b < 0xa0; b++) table[b] = encoding === 'windows-1252' ? WINDOWS_1252_HIGH[b - 0x80] : UNDEFINED;
  if (encoding === 'iso-8859-15') for (const [b, code] of Object.entries(ISO_8859_15_CHANGES)) table[Number(b)] = code;
  return table;
}

const tables = new Map<SingleByteEncoding, Int32Array>();

function cachedTable(encoding: SingleByteEncoding): Int32Array {
  let table = tables.get(encoding);
  if (!table) tables.set(encoding, (table = tableOf(encoding)));
  return table;
}

/** The offset of the first byte of `bytes` that is no character in `encoding`, or -1. */
export function findInvalidSingleByte(bytes: Uint8Array, encoding: SingleByteEncoding): number {
  const table = cachedTable(encoding);
  for (let i = 0; i < bytes.length; i++) if (table[bytes[i]] === UNDEFINED) return i;
  return -1;
}

/** A single-byte encoding to UTF-8: no state between pieces, a byte is a character. */
export class SingleByteTranscoder implements Transcoder {
  private readonly table: Int32Array;

  constructor(encoding: SingleByteEncoding) {
    this.table = cachedTable(encoding);
  }

  push(piece: Uint8Array): Transcoded {
    const table = this.table;
    const out = new Uint8Array(piece.length * 3); // a character is at most 3 UTF-8 bytes here
    let at = 0;
    for (let i = 0; i < piece.length; i++) {
      const b = piece[i];
      if (b < 0x80) { out[at++] = b; continue; }
      const code = table[b];
      if (code === UNDEFINED) return { bytes: out.subarray(0, at), invalidAt: at };
      at = writeUtf8(out, at, code);
    }
    return { bytes: at === out.length ? out : out.slice(0, at), invalidAt: -1 };
  }

  finish(): Transcoded {
    return NOTHING;
  }
}
