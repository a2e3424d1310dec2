import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatFileSize, formatPercent } from '@/components/import/wizard/upload/format';
import { invalidUtf8Line, readCsvStart } from '@/components/import/wizard/upload/read-csv-start';
import { readUploadResponse } from '@/components/import/wizard/upload/upload-request';
import { canGoNext, EMPTY_STEP, reduceUploadStep, restoredStep } from '@/components/import/wizard/upload/upload-state';
import { UploadRejection } from '@/lib/import/upload/errors';
import { FileChecker } from '@/lib/import/upload/file-checker';
import { cp1252, frenchExport, utf16 } from '../support/encoded-files';

const bytes = (text: string) => new TextEncoder().encode(text);
const frenchRows = [
  ['P-1', 'Françoise', 'Lefèvre', 'Chargée « clientèle »', 'Besançon'],
  ['P-2', 'Jérôme', 'Cœur', 'Responsable à 5 €', 'Nîmes'],
  ['P-3', 'Noël', 'Brontë', 'Directeur; ventes', 'Hôpital-Camoëns'],
];
const whole = (text: string | Uint8Array, rows = 10) =>
  readCsvStart(typeof text === 'string' ? bytes(text) : text, { whole: true, rows });

/** What the server's checks say of the same bytes: the line of bad UTF-8, undefined, or another fault. */
function serverInvalidUtf8Line(data: Uint8Array): number | undefined | 'other' {
  const checker = new FileChecker();
  try {
    checker.push(data);
    checker.finish();
  } catch (error) {
    if (error instanceof UploadRejection && error.code === 'invalidUtf8') return Number(error.params.line);
    return 'other';
  }
  return undefined;
}

describe('readCsvStart (the preview worker)', () => {
  it('reads the header and the first rows, whatever the separator, without the BOM', () => {
    expect(whole('External ID,First Name\nA1,Anna\nA2,"Bruno, Jr."\n')).toEqual({
      kind: 'read', headers: ['External ID', 'First Name'], rows: [['A1', 'Anna'], ['A2', 'Bruno, Jr.']], separator: ',', hasBom: false,
      encoding: 'utf-8',
    });
    expect(whole('\uFEFFPrénom;Nom\r\nLéa;Durand\r\n')).toMatchObject({ headers: ['Prénom', 'Nom'], rows: [['Léa', 'Durand']], separator: ';', hasBom: true });
    expect(whole('a\tb\n1\t2')).toMatchObject({ separator: '\t', rows: [['1', '2']] });
  });

  it('keeps only the asked number of rows, skipping blank lines, and a quoted line break', () => {
    const text = `h1,h2\n${Array.from({ length: 30 }, (_, i) => `${i},"x\ny"\n\n`).join('')}`;
    const result = whole(text, 10);
    expect(result.kind === 'read' && result.rows).toHaveLength(10);
    expect(result.kind === 'read' && result.rows[9]).toEqual(['9', 'x\ny']);
  });

  it('does not show a row cut by the end of the slice', () => {
    const start = bytes('h1,h2\n1,"one\n2,two\n3,th');
    expect(readCsvStart(start, { whole: false, rows: 10 })).toMatchObject({ kind: 'read', rows: [] });
    expect(readCsvStart(bytes('h1,h2\n1,a\n2,b\n3,c'), { whole: false, rows: 10 })).toMatchObject({ rows: [['1', 'a'], ['2', 'b']] });
  });

  it('refuses what the server refuses, with the same message key', () => {
    expect(whole('Name,Email,name\n1,2,3\n')).toEqual({
      kind: 'rejected', error: { key: 'uploads.errors.duplicateHeader', params: { name: 'name' } },
    });
    expect(whole('Name,,x\n1,2,3\n')).toMatchObject({ error: { key: 'uploads.errors.emptyHeaderName', params: { column: 2 } } });
    expect(whole('')).toMatchObject({ error: { key: 'uploads.errors.emptyFile' } });
    expect(whole('\uFEFF')).toMatchObject({ error: { key: 'uploads.errors.emptyFile' } });
    expect(whole('a,b\n\n')).toMatchObject({ error: { key: 'uploads.errors.noDataRows' } });
    // Marked as UTF-8, a file is refused at a byte that is not; unmarked, it is read as Windows-1252.
    const bad = new Uint8Array([...bytes('\uFEFFa,b\n1,2\n3,'), 0xff, ...bytes('\n')]);
    expect(whole(bad)).toEqual({ kind: 'rejected', error: { key: 'uploads.errors.invalidUtf8', params: { line: 3 } } });
    expect(whole(bad.subarray(3))).toMatchObject({ kind: 'read', encoding: 'windows-1252', rows: [['1', '2'], ['3', 'ÿ']] });
    const nowhere = new Uint8Array([...bytes('a,b\n1,2\r\n3,'), 0xe9, 0x81, ...bytes('\n')]);
    expect(whole(nowhere)).toEqual({ kind: 'rejected', error: { key: 'uploads.errors.unknownEncoding', params: { line: 3 } } });
  });

  it('reads a start in Windows-1252 or UTF-16 (with its BOM) as the server will, cut anywhere', () => {
    const french = cp1252(frenchExport('P'));
    const expected = { headers: ['ID externe', 'Prénom', 'Nom', 'Titre', 'Ville'], separator: ';', rows: frenchRows };
    expect(whole(french)).toMatchObject({ kind: 'read', encoding: 'windows-1252', hasBom: false, ...expected });
    for (const order of ['le', 'be'] as const) {
      const data = utf16(frenchExport('P'), order);
      expect(whole(data)).toMatchObject({ kind: 'read', encoding: `utf-16${order}`, hasBom: true, ...expected });
      // Cut in the middle of a character: the rows before it are shown, the cut one is not.
      const cut = readCsvStart(data.subarray(0, data.length - 5), { whole: false, rows: 10 });
      expect(cut).toMatchObject({ kind: 'read', encoding: `utf-16${order}`, rows: frenchRows.slice(0, 2) });
    }
    const surrogate = utf16('a,b\n1,\uDC00\n', 'le');
    expect(whole(surrogate)).toEqual({ kind: 'rejected', error: { key: 'uploads.errors.invalidEncoding', params: { line: 2, encoding: 'UTF-16 LE' } } });
  });

  it('leaves to the server what the start cannot tell', () => {
    expect(readCsvStart(bytes('\n\na,b\n'), { whole: false, rows: 10 })).toEqual({ kind: 'undetermined' });
    expect(readCsvStart(bytes('abc'), { whole: false, rows: 10 })).toEqual({ kind: 'undetermined' });
  });

  it('sees no fault in a character cut by the end of the slice', () => {
    const cut = bytes('a,b\n1,é').subarray(0, -1);
    expect(invalidUtf8Line(cut, false)).toBeUndefined();
    expect(invalidUtf8Line(cut, true)).toBe(2);
  });

  it('names the line of bad UTF-8 as the server does', () => {
    const piece = fc.constantFrom(...['a', ',', '\n', '\r', '\r\n', 'é', '"', '😀'].map(bytes), new Uint8Array([0xc3]),
      new Uint8Array([0xff]), new Uint8Array([0xed, 0xa0, 0x80]), new Uint8Array([0xe2, 0x82]));
    fc.assert(fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
      const data = new Uint8Array(pieces.flatMap((p) => [...p]));
      const server = serverInvalidUtf8Line(data);
      // Another fault (e.g. no header) may be found first by the server: nothing to compare.
      if (server !== 'other') expect(invalidUtf8Line(data, true)).toBe(server);
    }), { numRuns: 500 });
  });
});

describe('formatting', () => {
  // French separates with no-break spaces (U+00A0, U+202F, depending on the ICU version).
  const spaced = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

  it('writes sizes and percentages the locale\'s way, 1 MB = 1,048,576 bytes', () => {
    expect(formatFileSize(300 * 1024 * 1024, 'en')).toBe('300 MB');
    expect(spaced(formatFileSize(300 * 1024 * 1024, 'fr'))).toBe('300 Mo');
    expect(formatFileSize(1536, 'en')).toBe('1.5 kB');
    expect(spaced(formatFileSize(12, 'fr'))).toBe('12 octets');
    expect(formatPercent(1, 3, 'en')).toBe('33%');
    expect(formatPercent(5, 0, 'en')).toBe('0%');
    expect(spaced(formatPercent(999, 1000, 'fr'))).toBe('99 %');
  });
});

describe('readUploadResponse', () => {
  const accepted = { id: 'u1', fileName: 'a.csv', sizeBytes: 10, sha256: 'x', separator: ',', hasBom: false, headers: ['a'], rowCount: 3 };

  it('keeps the facts of an accepted file', () => {
    expect(readUploadResponse(201, JSON.stringify(accepted), 1024)).toEqual({
      ok: true, upload: { id: 'u1', fileName: 'a.csv', sizeBytes: 10, separator: ',', headers: ['a'], rowCount: 3 },
    });
  });

  it('passes the server\'s message on, and never its raw text', () => {
    const refused = { error: { key: 'uploads.errors.invalidUtf8', params: { line: 7 } } };
    expect(readUploadResponse(422, JSON.stringify(refused), 1024)).toEqual({ ok: false, ...refused });
    expect(readUploadResponse(413, '<html>Request Entity Too Large</html>', 1024))
      .toEqual({ ok: false, error: { key: 'uploads.errors.fileTooLarge', params: { maxMb: 1024 } } });
    expect(readUploadResponse(502, 'Bad gateway', 1024)).toEqual({ ok: false, error: { key: 'errors.unexpected' } });
    expect(readUploadResponse(403, '', 1024)).toEqual({ ok: false, error: { key: 'errors.forbidden' } });
    const badName = { error: { key: 'errors.invalidInput' }, fieldErrors: { fileName: [{ key: 'errors.tooLong' }] } };
    expect(readUploadResponse(400, JSON.stringify(badName), 1024)).toEqual({ ok: false, error: { key: 'wizardUpload.errors.fileName' } });
  });
});

describe('the upload step', () => {
  const facts = { id: 'u1', fileName: 'a.csv', sizeBytes: 10, separator: ',', headers: ['a'], rowCount: 3 };
  const chosen = reduceUploadStep(EMPTY_STEP, { type: 'chosen', name: 'a.csv', sizeBytes: 10 });

  it('allows Next once the server accepted the file', () => {
    expect(canGoNext(chosen)).toBe(false);
    const sent = reduceUploadStep(reduceUploadStep(chosen, { type: 'progress', loaded: 10, total: 10 }), { type: 'sent' });
    expect(sent.upload).toEqual({ kind: 'checking' });
    expect(canGoNext(reduceUploadStep(sent, { type: 'answered', outcome: { ok: true, upload: facts } }))).toBe(true);
    expect(canGoNext(restoredStep(facts, null))).toBe(true);
  });

  it('keeps Next disabled after a refusal, by the browser or the server, and shows the first reason', () => {
    const refused = reduceUploadStep(chosen, { type: 'previewRead', reply: { kind: 'rejected', error: { key: 'k1' } } });
    const answered = reduceUploadStep(refused, { type: 'answered', outcome: { ok: true, upload: facts } });
    expect(canGoNext(answered)).toBe(false);
    expect(answered.error).toEqual({ key: 'k1' });
    const byServer = reduceUploadStep(chosen, { type: 'answered', outcome: { ok: false, error: { key: 'k2' } } });
    expect([canGoNext(byServer), byServer.error]).toEqual([false, { key: 'k2' }]);
  });

  it('takes the facts and first rows of a file read again in another encoding, once accepted only', () => {
    const accepted = restoredStep({ ...facts, encoding: 'windows-1252' }, { headers: ['a'], rows: [['¤']] });
    const reread = { ...facts, encoding: 'iso-8859-15' as const, detectedEncoding: 'windows-1252' as const };
    const after = reduceUploadStep(accepted, { type: 'reread', upload: reread, preview: { headers: ['a'], rows: [['€']] } });
    expect(after.upload).toEqual({ kind: 'accepted', upload: reread });
    expect(after.preview).toEqual({ kind: 'ready', headers: ['a'], rows: [['€']] });
    expect(canGoNext(after)).toBe(true);
    expect(reduceUploadStep(chosen, { type: 'reread', upload: reread, preview: null })).toBe(chosen);
  });

  it('forgets the file on cancel', () => {
    expect(reduceUploadStep(chosen, { type: 'cancelled' })).toEqual({ ...EMPTY_STEP, cancelled: true });
  });
});
