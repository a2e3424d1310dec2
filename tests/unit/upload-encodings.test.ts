import { describe, expect, it } from 'vitest';
import { parseCsvRecords } from '@/lib/import/upload/csv-records';
import { decodeToUtf8 } from '@/lib/import/upload/encoding/decode';
import { TEXT_ENCODINGS, type TextEncoding } from '@/lib/import/upload/encoding/encodings';
import { findInvalidSingleByte } from '@/lib/import/upload/encoding/single-byte';
import { createTranscoder } from '@/lib/import/upload/encoding/transcoder';
import { UploadRejection } from '@/lib/import/upload/errors';
import { createInboundCheck, type ReadFacts } from '@/lib/import/upload/inbound-check';

const utf8 = (text: string) => new TextEncoder().encode(text);
const text = (bytes: Uint8Array) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);

/** Windows-1252 / ISO-8859 bytes of a text written with Latin-1 letters, plus the given extra bytes by character. */
function singleByte(value: string, extra: Record<string, number> = {}): Uint8Array {
  return Uint8Array.from([...value].map((c) => {
    if (c in extra) return extra[c];
    const code = c.charCodeAt(0);
    if (code > 0xff) throw new Error(`no single byte for ${c}`);
    return code;
  }));
}
const CP1252_EXTRAS = { '€': 0x80, 'œ': 0x9c, 'Œ': 0x8c, '’': 0x92, '…': 0x85 };

function utf16(value: string, encoding: 'utf-16le' | 'utf-16be', bom = true): Uint8Array {
  const units = (bom ? '\uFEFF' : '') + value;
  const out = new Uint8Array(units.length * 2);
  for (let i = 0; i < units.length; i++) {
    const unit = units.charCodeAt(i);
    const [a, b] = encoding === 'utf-16le' ? [unit & 0xff, unit >> 8] : [unit >> 8, unit & 0xff];
    out[2 * i] = a;
    out[2 * i + 1] = b;
  }
  return out;
}

/** Every way to cut `data` in two, plus single bytes and a few random cuttings. */
function cuttings(data: Uint8Array): Uint8Array[][] {
  const out: Uint8Array[][] = [];
  for (let cut = 0; cut <= data.length; cut++) out.push([data.subarray(0, cut), data.subarray(cut)]);
  out.push([...data].map((b) => Uint8Array.of(b)));
  for (let n = 0; n < 20; n++) {
    const pieces: Uint8Array[] = [];
    for (let i = 0; i < data.length;) {
      const size = 1 + Math.floor(Math.random() * 5);
      pieces.push(data.subarray(i, i + size));
      i += size;
    }
    out.push(pieces);
  }
  return out;
}

function transcode(pieces: Uint8Array[], encoding: TextEncoding): { text: string; invalidAt?: number } {
  const transcoder = createTranscoder(encoding);
  const parts: Uint8Array[] = [];
  let length = 0;
  for (const piece of [...pieces, null]) {
    const { bytes, invalidAt } = piece ? transcoder.push(piece) : transcoder.finish();
    parts.push(bytes);
    if (invalidAt !== -1) return { text: text(concat(parts)), invalidAt: length + invalidAt };
    length += bytes.length;
  }
  return { text: text(concat(parts)) };
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) { out.set(part, at); at += part.length; }
  return out;
}

async function* iterate(pieces: Uint8Array[]) {
  yield* pieces;
}

/** The upload's checks as storeUpload runs them: pieces in, then a second reading of the whole file if needed. */
async function inbound(data: Uint8Array, { encoding, pieceSize = 5 }: { encoding?: TextEncoding; pieceSize?: number } = {}): Promise<ReadFacts> {
  const check = createInboundCheck({ encoding });
  const pieces: Uint8Array[] = [];
  for (let i = 0; i < data.length; i += pieceSize) pieces.push(data.subarray(i, i + pieceSize));
  for (const piece of pieces) check.push(piece);
  return check.finish(() => iterate(pieces));
}

async function refusal(run: Promise<unknown>): Promise<{ code: string; params: Record<string, unknown> }> {
  try {
    await run;
  } catch (error) {
    if (error instanceof UploadRejection) return { code: error.code, params: error.params };
    throw error;
  }
  throw new Error('expected the file to be refused');
}

const FRENCH = 'Prénom;Nom;Ville\r\nFrançoise;Lefèvre;Besançon\r\nChloé;Œuvray;« Évreux » à 5 €\r\n';

describe('single-byte encodings', () => {
  it('reads Windows-1252 letters and signs, ISO-8859-15 its euro sign, ISO-8859-1 its currency sign', () => {
    const data = singleByte('é è ç à ô œ € « » ’ …', CP1252_EXTRAS);
    expect(transcode([data], 'windows-1252')).toEqual({ text: 'é è ç à ô œ € « » ’ …' });
    expect(transcode([Uint8Array.of(0x41, 0xa4, 0xbd)], 'iso-8859-15')).toEqual({ text: 'A€œ' });
    expect(transcode([Uint8Array.of(0x41, 0xa4, 0xbd)], 'iso-8859-1')).toEqual({ text: 'A¤½' });
    expect(transcode([Uint8Array.of(0x41, 0xa4, 0xbd)], 'windows-1252')).toEqual({ text: 'A¤½' });
  });

  it("refuses Windows-1252's five undefined bytes, and ISO-8859's C1 controls, where they are", () => {
    for (const b of [0x81, 0x8d, 0x8f, 0x90, 0x9d]) {
      expect(transcode([Uint8Array.of(0x61, 0xe9, b, 0x62)], 'windows-1252')).toEqual({ text: 'aé', invalidAt: 3 });
    }
    for (let b = 0x80; b <= 0x9f; b++) {
      expect(findInvalidSingleByte(Uint8Array.of(0x61, b), 'iso-8859-1')).toBe(1);
      expect(findInvalidSingleByte(Uint8Array.of(0x61, b), 'iso-8859-15')).toBe(1);
    }
    expect(findInvalidSingleByte(singleByte('€œ…', CP1252_EXTRAS), 'windows-1252')).toBe(-1);
  });
});

describe('UTF-16 with a byte order mark', () => {
  const sample = 'Prénom,Nom\n😀 Zoé,𝄞 Œuvray\n';

  it.each(['utf-16le', 'utf-16be'] as const)('%s reads the same however the bytes are cut (a surrogate pair or a unit split)', (encoding) => {
    const data = utf16(sample, encoding);
    for (const pieces of cuttings(data)) {
      // The UTF-16 mark becomes the UTF-8 one, which the CSV reader drops and the checker notes.
      expect(transcode(pieces, encoding)).toEqual({ text: '\uFEFF' + sample });
    }
  });

  it('refuses an unpaired surrogate, a lone low surrogate and a cut last unit', () => {
    const lone = utf16('ab\uD800c', 'utf-16le');
    expect(transcode([lone], 'utf-16le')).toMatchObject({ text: '\uFEFFab', invalidAt: 5 });
    expect(transcode([utf16('a\uDC00', 'utf-16be')], 'utf-16be')).toMatchObject({ invalidAt: 4 });
    expect(transcode([utf16('a\uD83D', 'utf-16le')], 'utf-16le')).toMatchObject({ invalidAt: 4 });
    const odd = utf16('ab', 'utf-16le').subarray(0, 5);
    expect(transcode(cuttings(odd)[2], 'utf-16le')).toMatchObject({ text: '\uFEFFa', invalidAt: 4 });
  });
});

describe('decodeToUtf8, the one door to a stored file', () => {
  it('gives the CSV reader the same records in every encoding, however the file is cut', async () => {
    const files: [TextEncoding, Uint8Array][] = [
      ['utf-8', utf8(FRENCH)], ['utf-8', utf8('\uFEFF' + FRENCH)],
      ['utf-16le', utf16(FRENCH, 'utf-16le')], ['utf-16be', utf16(FRENCH, 'utf-16be')],
      ['windows-1252', singleByte(FRENCH, CP1252_EXTRAS)],
      ['iso-8859-15', singleByte(FRENCH, { '€': 0xa4, 'Œ': 0xbc })],
    ];
    for (const [encoding, data] of files) {
      for (const pieces of cuttings(data).filter((_, i) => i % 7 === 0)) {
        const records = [];
        for await (const record of parseCsvRecords(decodeToUtf8(iterate(pieces), encoding), { separator: ';' })) records.push(record);
        expect(records, encoding).toEqual([
          { line: 2, cells: ['Françoise', 'Lefèvre', 'Besançon'] },
          { line: 3, cells: ['Chloé', 'Œuvray', '« Évreux » à 5 €'] },
        ]);
      }
    }
  });

  it('never passes a byte that is not text in the encoding', async () => {
    const read = async () => {
      for await (const piece of decodeToUtf8(iterate([Uint8Array.of(0x61, 0x81)]), 'windows-1252')) void piece;
    };
    await expect(read()).rejects.toThrow(/not Windows-1252 text/);
  });

  it('offers exactly the six encodings of the list', () => {
    expect(TEXT_ENCODINGS).toEqual(['utf-8', 'utf-16le', 'utf-16be', 'windows-1252', 'iso-8859-1', 'iso-8859-15']);
  });
});

describe('detection on the way in', () => {
  it('reads a French Excel export (Windows-1252, semicolons) as Windows-1252, whatever the piece size', async () => {
    for (const pieceSize of [1, 2, 3, 7, 64, 4096]) {
      const facts = await inbound(singleByte(FRENCH, CP1252_EXTRAS), { pieceSize });
      expect(facts).toMatchObject({
        encoding: 'windows-1252', detectedEncoding: 'windows-1252', separator: ';', hasBom: false,
        headers: ['Prénom', 'Nom', 'Ville'], rowCount: 2,
      });
    }
  });

  it('reads UTF-8 as UTF-8, a character split across pieces included, with or without its mark', async () => {
    for (const pieceSize of [1, 2, 3, 5]) {
      expect(await inbound(utf8(FRENCH), { pieceSize })).toMatchObject({ encoding: 'utf-8', detectedEncoding: 'utf-8', hasBom: false, rowCount: 2 });
      expect(await inbound(utf8('\uFEFF' + FRENCH), { pieceSize })).toMatchObject({ encoding: 'utf-8', hasBom: true, headers: ['Prénom', 'Nom', 'Ville'] });
    }
  });

  it('reads UTF-16 LE and BE by their mark', async () => {
    for (const encoding of ['utf-16le', 'utf-16be'] as const) {
      for (const pieceSize of [1, 3, 4, 1000]) {
        expect(await inbound(utf16(FRENCH, encoding), { pieceSize })).toMatchObject({
          encoding, detectedEncoding: encoding, hasBom: true, separator: ';', headers: ['Prénom', 'Nom', 'Ville'], rowCount: 2,
        });
      }
    }
  });

  it('refuses a file that is text in no offered encoding, with the line of the byte', async () => {
    const data = singleByte('Prénom;Nom\r\nZoé;A\r\nLéa;B\x81\r\n');
    expect(await refusal(inbound(data))).toEqual({ code: 'unknownEncoding', params: { line: 3 } });
    // A byte that is neither UTF-8 nor Windows-1252 on line 2 of a file whose line 1 is UTF-8.
    expect(await refusal(inbound(utf8('Prénom;Nom\nZoé;\x00').map((b) => (b === 0 ? 0x8f : b))))).toEqual({ code: 'unknownEncoding', params: { line: 2 } });
  });

  it('refuses bytes that are not UTF-8 in a file marked as UTF-8, and a UTF-16 unpaired surrogate, with their line', async () => {
    const marked = new Uint8Array([...utf8('\uFEFFName,City\nZoe,'), 0xe9, 0x0a]);
    expect(await refusal(inbound(marked))).toEqual({ code: 'invalidUtf8', params: { line: 2 } });
    const surrogate = utf16('Name,City\r\nZoe,Paris\r\nLea,\uDC00\r\n', 'utf-16be');
    expect(await refusal(inbound(surrogate, { pieceSize: 3 }))).toEqual({ code: 'invalidEncoding', params: { line: 3, encoding: 'UTF-16 BE' } });
  });

  it('reads in the encoding given, without detection, and refuses what is not text in it', async () => {
    const euro = Uint8Array.from([...utf8('Name,Price\nA,5 '), 0xa4, 0x0a]);
    expect(await inbound(euro, { encoding: 'iso-8859-15' })).toMatchObject({ encoding: 'iso-8859-15', detectedEncoding: null, rowCount: 1 });
    const c1 = Uint8Array.from([...utf8('Name,Price\nA,1\nB,5 '), 0x80, 0x0a]);
    expect(await refusal(inbound(c1, { encoding: 'iso-8859-1' }))).toEqual({ code: 'invalidEncoding', params: { line: 3, encoding: 'ISO-8859-1' } });
    expect(await refusal(inbound(c1, { encoding: 'utf-8' }))).toEqual({ code: 'invalidUtf8', params: { line: 3 } });
    expect(await inbound(c1)).toMatchObject({ encoding: 'windows-1252' });
  });

  it('keeps its other refusals: an empty file, a file of one byte', async () => {
    expect(await refusal(inbound(new Uint8Array(0)))).toEqual({ code: 'emptyFile', params: {} });
    expect(await refusal(inbound(Uint8Array.of(0xe9)))).toEqual({ code: 'noDataRows', params: {} });
  });
});
