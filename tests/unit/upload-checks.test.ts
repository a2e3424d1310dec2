import { createHash } from 'node:crypto';
import Papa from 'papaparse';
import { describe, expect, it, vi } from 'vitest';
import { checkHeader, detectNewline, detectSeparator } from '@/lib/import/upload/checks';
import { POST as uploadRoute } from '@/app/api/uploads/route';
import type { AnyOperation } from '@/lib/actions/operation';
import { ChunkAccumulator, readBody, type UploadBody } from '@/lib/import/upload/body';
import { parseCsvRecords } from '@/lib/import/upload/csv-records';
import type { Newline, Separator } from '@/lib/import/upload/csv-format';
import { UploadRejection } from '@/lib/import/upload/errors';
import { FileChecker } from '@/lib/import/upload/file-checker';
import { toMegabytes, uploadMaxBytes } from '@/lib/import/upload/limits';
import { readConfig } from '@/lib/config';
import { RecordCounter } from '@/lib/import/upload/record-counter';
import { findInvalidUtf8, incompleteTailLength, Utf8StreamValidator } from '@/lib/import/upload/utf8';

// The route handlers' own work (reading the request), with the session and database left out:
// the operation they call is tested on both databases in tests/integration/uploads.test.ts.
vi.mock('@/lib/actions/bind', () => ({
  async runAsCurrentUser(operation: AnyOperation, input: Record<string, unknown>) {
    if (input.fileName === 'bad.csv') {
      return { ok: false, status: 422, error: { key: 'uploads.errors.invalidUtf8', params: { line: 3 } } };
    }
    const hash = createHash('sha256');
    let size = 0;
    for await (const piece of readBody(input.body as UploadBody)) {
      hash.update(piece);
      size += piece.length;
    }
    const { body: _body, ...rest } = input;
    return { ok: true, data: { operation: operation.name, ...rest, size, sha256: hash.digest('hex') } };
  },
}));

const bytes = (text: string) => new TextEncoder().encode(text);
const BOM = '\uFEFF';

function splitInto(data: Uint8Array, size: number): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  for (let i = 0; i < data.length; i += size) pieces.push(data.subarray(i, i + size));
  return pieces;
}

function check(data: Uint8Array | string, pieceSize = 7, maxRecordBytes?: number) {
  const checker = new FileChecker(maxRecordBytes);
  for (const piece of splitInto(typeof data === 'string' ? bytes(data) : data, pieceSize)) checker.push(piece);
  return checker.finish();
}

function rejection(run: () => unknown): { code: string; params: Record<string, unknown> } {
  try {
    run();
  } catch (error) {
    if (error instanceof UploadRejection) return { code: error.code, params: error.params };
    throw error;
  }
  throw new Error('expected the file to be refused');
}

async function* iterate(pieces: Uint8Array[]) {
  yield* pieces;
}

async function records(data: Uint8Array, separator: Separator, pieceSize: number) {
  const out: { line: number; cells: string[] }[] = [];
  for await (const record of parseCsvRecords(iterate(splitInto(data, pieceSize)), { separator })) out.push(record);
  return out;
}

describe('line end detection', () => {
  it('reads the first line break outside quotes', () => {
    expect(detectNewline(bytes('a,b\r\nc'), false)).toBe('\r\n');
    expect(detectNewline(bytes('a,b\nc'), false)).toBe('\n');
    expect(detectNewline(bytes('a,b\rc'), false)).toBe('\r');
    // Excel writes LF inside quoted cells of CRLF files.
    expect(detectNewline(bytes('"First\nName",b\r\nc'), false)).toBe('\r\n');
    expect(detectNewline(bytes('"a""\nb";x\r\n'), false)).toBe('\r\n');
  });

  it('waits for more bytes when it cannot tell yet, and defaults to LF at the end', () => {
    expect(detectNewline(bytes('a,b'), false)).toBeUndefined();
    expect(detectNewline(bytes('a,b\r'), false)).toBeUndefined();
    expect(detectNewline(bytes('a,b\r'), true)).toBe('\r');
    expect(detectNewline(bytes('a,b'), true)).toBe('\n');
  });
});

describe('separator detection', () => {
  const separatorOf = (text: string, newline: Newline = '\n') => detectSeparator(bytes(text), newline, true, 1 << 20)?.separator;

  it('picks the separator that splits the header into the most fields', () => {
    expect(separatorOf('Name,Email,Phone\nx')).toBe(',');
    expect(separatorOf('Prénom;Nom;Courriel\nx')).toBe(';');
    expect(separatorOf('Name\tEmail\tNotes, misc\nx')).toBe('\t');
    expect(separatorOf('a;b;c,d\nx')).toBe(';');
  });

  it('does not count separators inside quoted names', () => {
    expect(separatorOf('"Last; First","Email; work"\nx')).toBe(',');
    expect(separatorOf('"a,b,c";"d"\nx')).toBe(';');
  });

  it('takes the comma on ties, including a single column', () => {
    expect(separatorOf('Email\nx')).toBe(',');
    expect(separatorOf('a,b;c\nx')).toBe(',');
  });

  it('waits until every separator saw the first record end', () => {
    expect(detectSeparator(bytes('Name,"Email'), '\n', false, 1 << 20)).toBeUndefined();
  });
});

describe('header check', () => {
  it('trims names and keeps their case', () => {
    expect(checkHeader([' External ID ', 'Prénom'])).toEqual(['External ID', 'Prénom']);
  });

  it('refuses a name given twice, whatever its case or accents form', () => {
    expect(rejection(() => checkHeader(['Email', 'Name', 'EMAIL ']))).toEqual({ code: 'duplicateHeader', params: { name: 'EMAIL' } });
    expect(rejection(() => checkHeader(['Pr\u00e9nom', 'pre\u0301nom'])).code).toBe('duplicateHeader');
  });

  it('refuses a blank name with its column number, and a row with no name at all', () => {
    expect(rejection(() => checkHeader(['Email', '  ', 'Name']))).toEqual({ code: 'emptyHeaderName', params: { column: 2 } });
    expect(rejection(() => checkHeader(['', ' ', ''])).code).toBe('missingHeader');
  });
});

describe('UTF-8 validation', () => {
  it('finds the first ill-formed sequence', () => {
    expect(findInvalidUtf8(bytes('Crème brûlée €𝄞'))).toBe(-1);
    expect(findInvalidUtf8(Uint8Array.from([0x61, 0xc3, 0x28]))).toBe(1); // bad continuation
    expect(findInvalidUtf8(Uint8Array.from([0x61, 0xc0, 0x80]))).toBe(1); // overlong
    expect(findInvalidUtf8(Uint8Array.from([0xed, 0xa0, 0x80]))).toBe(0); // surrogate
    expect(findInvalidUtf8(Uint8Array.from([0xf4, 0x90, 0x80, 0x80]))).toBe(0); // above U+10FFFF
    expect(findInvalidUtf8(Uint8Array.from([0x61, 0xe2, 0x82]))).toBe(1); // cut short
    expect(findInvalidUtf8(Uint8Array.from([0x61, 0xe9, 0x62]))).toBe(1); // Latin-1 é
  });

  it('keeps back a character cut by the end of a piece', () => {
    expect(incompleteTailLength(bytes('ab'))).toBe(0);
    expect(incompleteTailLength(bytes('a€').subarray(0, 3))).toBe(2);
    expect(incompleteTailLength(bytes('a€'))).toBe(0);
    expect(incompleteTailLength(bytes('𝄞').subarray(0, 1))).toBe(1);
  });

  it('accepts valid text however it is split', () => {
    const data = bytes('Prénom;€;𝄞\r\n'.repeat(5));
    for (const size of [1, 2, 3, 5]) {
      const validator = new Utf8StreamValidator();
      for (const piece of splitInto(data, size)) expect(validator.push(piece)).toBe(-1);
      expect(validator.finish()).toBe(true);
    }
  });

  it('reports the physical line of the first invalid byte, whatever the pieces', () => {
    const latin1 = Uint8Array.from([...bytes('Name,City\r\nA,"Paris\nNord"\r\nB,Cr'), 0xe8, ...bytes('me\r\n')]);
    for (const size of [1, 2, 4, 1000]) {
      expect(rejection(() => check(latin1, size))).toEqual({ code: 'invalidUtf8', params: { line: 4 } });
    }
    const cutAtEnd = Uint8Array.from([...bytes('a\nb\n'), 0xe2, 0x82]);
    expect(rejection(() => check(cutAtEnd, 1))).toEqual({ code: 'invalidUtf8', params: { line: 3 } });
    const loneCr = Uint8Array.from([...bytes('a\rb\r'), 0xff]);
    expect(rejection(() => check(loneCr, 1))).toEqual({ code: 'invalidUtf8', params: { line: 3 } });
  });
});

describe('file checks', () => {
  it('reads BOM, CRLF, semicolons, quoted line breaks and accents', () => {
    const text = `${BOM}Prénom;Nom;"Adresse
(ligne 1)"\r\n"Zoë";"L""Hôte";"12 rue
des Écoles"\r\nAndré;Bézier;\r\n\r\n`;
    for (const size of [1, 3, 64]) {
      expect(check(text, size)).toEqual({
        hasBom: true, separator: ';', newline: '\r\n', headers: ['Prénom', 'Nom', 'Adresse\n(ligne 1)'], rowCount: 2,
      });
    }
  });

  it('skips blank lines and a missing last line end', () => {
    expect(check('a,b\n1,2\n\n3,4').rowCount).toBe(2);
    expect(check('a\tb\n1\t2\n').separator).toBe('\t');
  });

  it('refuses empty files and files without a header or data', () => {
    expect(rejection(() => check('')).code).toBe('emptyFile');
    expect(rejection(() => check(BOM)).code).toBe('emptyFile');
    expect(rejection(() => check('\r\n\r\n')).code).toBe('emptyFile');
    expect(rejection(() => check('\nName,Email\nx,y\n')).code).toBe('missingHeader');
    expect(rejection(() => check(',,\nx,y,z\n')).code).toBe('missingHeader');
    expect(rejection(() => check('Name,Email\n')).code).toBe('noDataRows');
    expect(rejection(() => check('Name,Email\n\n\n')).code).toBe('noDataRows');
    expect(rejection(() => check('Email,Name,email\nx,y,z\n'))).toEqual({ code: 'duplicateHeader', params: { name: 'email' } });
    expect(rejection(() => check('Email,,Name\nx,y,z\n'))).toEqual({ code: 'emptyHeaderName', params: { column: 2 } });
  });

  it('refuses a record longer than the limit, as a missing closing quote would make it', () => {
    const text = `Name,Notes\na,"unclosed\n${'x,y\n'.repeat(100)}`;
    expect(rejection(() => check(text, 16, 256))).toEqual({ code: 'recordTooLong', params: { line: 2, maxKb: 1 } });
    expect(rejection(() => check(`${'a'.repeat(300)}\nb\n`, 16, 256))).toMatchObject({ code: 'recordTooLong', params: { line: 1 } });
  });
});

describe('record counting agrees with papaparse', () => {
  // Random files from the characters that matter to CSV: the counter must find exactly the
  // records papaparse reads, and the streamed reader the same records as a one-piece parse.
  // The Unicode blanks (which papaparse allows after a closing quote, as String#trim removes them)
  // and look-alikes that are not blanks (zero-width space, NEL) were found by the fuzz test.
  const alphabet = ['a', 'é', '"', '"', '""', ',', ';', '\t', '\n', '\r', '\r\n', '\r\n', ' ', '\u00a0',
    '\u3000', '\u2028', '\u2009', '\uFEFF', '\u200b', '\u0085'];
  let seed = 42;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };

  it('on 3000 random files cut into random pieces', async () => {
    for (let run = 0; run < 3000; run++) {
      let text = '';
      for (let i = random(50); i > 0; i--) text += alphabet[random(alphabet.length)];
      const data = bytes(text);
      const separator = ([',', ';', '\t'] as const)[random(3)];
      const newline = detectNewline(data, true)!;
      const counter = new RecordCounter(separator.charCodeAt(0), newline);
      for (const piece of splitInto(data, 1 + random(6))) counter.push(piece);
      counter.finish();
      const whole = new Papa.Parser({ delimiter: separator, newline }).parse(text, 0, false).data as string[][];
      const isBlank = (cells: string[]) => cells.length === 1 && cells[0] === '';
      const context = JSON.stringify({ text, separator });
      expect(counter.nonEmptyRecords, context).toBe(whole.filter((cells) => !isBlank(cells)).length);
      if (counter.firstRecord) expect(counter.firstRecord.fields, context).toBe(whole[0].length);
      const expected = whole.map((cells, i) => ({ line: i + 1, cells })).filter((r) => r.line > 1 && !isBlank(r.cells));
      expect(await records(data, separator, 1 + random(6)), context).toEqual(expected);
    }
  });
});

describe('streamed records', () => {
  it('numbers records as a spreadsheet does: header 1, quoted line breaks inside one record', async () => {
    const data = bytes(`${BOM}Name;Notes\r\nAnn;"two\r\nlines"\r\n\r\nBob;"say ""hi"""\r\n`);
    expect(await records(data, ';', 1)).toEqual([
      { line: 2, cells: ['Ann', 'two\r\nlines'] },
      { line: 4, cells: ['Bob', 'say "hi"'] },
    ]);
  });
});

describe('limits and chunks', () => {
  it('reads the size cap from UPLOAD_MAX_BYTES, else 1 GiB', () => {
    expect(uploadMaxBytes(readConfig({}))).toBe(1024 ** 3);
    expect(uploadMaxBytes(readConfig({ UPLOAD_MAX_BYTES: '5000' }))).toBe(5000);
    expect(() => readConfig({ UPLOAD_MAX_BYTES: 'lots' })).toThrow(/UPLOAD_MAX_BYTES must be a whole number/);
    expect(toMegabytes(1024 ** 3)).toBe(1024);
    expect(toMegabytes(1024 * 1024 * 2.5)).toBe(2.5);
  });

  it('gathers pieces of any size into fixed chunks', () => {
    const chunks = new ChunkAccumulator(4);
    const out = [...chunks.push(bytes('ab')), ...chunks.push(bytes('cdefghij')), ...chunks.push(bytes('k'))];
    const last = chunks.flush();
    expect([...out, last!].map((c) => new TextDecoder().decode(c))).toEqual(['abcd', 'efgh', 'ijk']);
    expect(chunks.flush()).toBeUndefined();
  });
});

describe('route handlers', () => {
  function post(body: BodyInit | null, headers: Record<string, string>, query = '') {
    const init = { method: 'POST', body, headers, duplex: 'half' } as RequestInit;
    return uploadRoute(new Request(`http://localhost/api/uploads${query}`, init));
  }

  it('POST /api/uploads streams the raw body to the upload operation and answers 201', async () => {
    const data = bytes('Prénom;Nom\r\nZoë;Hôte\r\n'.repeat(5000));
    let offset = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (offset >= data.length) return controller.close();
        controller.enqueue(data.slice(offset, offset + 1000));
        offset += 1000;
      },
    });
    const response = await post(stream, {
      'content-type': 'text/csv', 'x-file-name': encodeURIComponent('Contacts été.csv'),
      'content-length': String(data.length),
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({
      operation: 'uploadCsvFile', fileName: 'Contacts été.csv', declaredBytes: data.length, contentType: 'text/csv',
      size: data.length, sha256: createHash('sha256').update(data).digest('hex'),
    });
  });

  it('takes the name from ?name= and answers a file error with its status and message key', async () => {
    const ok = await post('a\nb\n', {}, '?name=list.csv');
    expect(await ok.json()).toMatchObject({ fileName: 'list.csv', size: 4 });
    const bad = await post('x', { 'x-file-name': 'bad.csv' });
    expect(bad.status).toBe(422);
    expect(await bad.json()).toEqual({ error: { key: 'uploads.errors.invalidUtf8', params: { line: 3 } } });
    const empty = await post(null, { 'x-file-name': '%E0%A4%A.csv' }); // not valid percent-encoding: kept as sent
    expect(await empty.json()).toMatchObject({ fileName: '%E0%A4%A.csv', size: 0 });
  });
});
