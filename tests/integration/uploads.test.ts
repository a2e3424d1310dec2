import { createHash } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import type { DatabaseHandle } from '@/db/client';
import { auditLog, uploadChunks, uploads } from '@/db/schema';
import { executeOperation, type OperationContext } from '@/lib/actions/operation';
import { getCsvUpload, previewCsvUpload, uploadCsvFile } from '@/lib/import/upload/operations';
import { parseUploadRecords, readUploadBytes } from '@/lib/import/upload/read-upload';
import { storeUpload } from '@/lib/import/upload/store-upload';
import { deleteAbandonedUploads } from '@/lib/import/upload/cleanup';
import { createTestDatabase } from '../support/test-db';
import { createActor } from '../support/fixtures';

const BOM = '\uFEFF';
const bytes = (text: string) => new TextEncoder().encode(text);

let handle: DatabaseHandle;
let uploader: OperationContext;
let otherUploader: OperationContext;
let supervisor: OperationContext; // importJob:viewAll everywhere: sees an upload only once a job used it
let viewerOnly: OperationContext;

beforeAll(async () => {
  handle = await createTestDatabase();
  const perms = ['externalContacts:importCsvUpload:add', 'externalContacts:importCsvUpload:view'] as const;
  uploader = await createActor(handle.db, perms);
  otherUploader = await createActor(handle.db, perms);
  supervisor = await createActor(handle.db, ['externalContacts:importCsvUpload:view', 'externalContacts:importJob:viewAll']);
  viewerOnly = await createActor(handle.db, ['externalContacts:importCsvUpload:view']);
});
afterAll(async () => handle?.close());

/** The data as an async iterable, cut at the given sizes (cycled), as a network would. */
async function* piecesOf(data: Uint8Array, sizes: number[]): AsyncGenerator<Uint8Array> {
  let offset = 0;
  for (let i = 0; offset < data.length; i++) {
    const size = sizes[i % sizes.length];
    yield data.slice(offset, offset + size);
    offset += size;
  }
}

function streamOf(data: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= data.length) return controller.close();
      controller.enqueue(data.slice(offset, offset + size));
      offset += size;
    },
  });
}

async function readAll(uploadId: string): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const part of readUploadBytes(handle.db, uploadId)) parts.push(part);
  return Buffer.concat(parts);
}

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

async function chunkCount(uploadId: string): Promise<number> {
  const [row] = await handle.db.select({ n: sql<number>`count(*)::int` }).from(uploadChunks).where(eq(uploadChunks.uploadId, uploadId));
  return row.n;
}

async function counts(): Promise<string> {
  const [u] = await handle.db.select({ n: sql<number>`count(*)::int` }).from(uploads);
  const [c] = await handle.db.select({ n: sql<number>`count(*)::int` }).from(uploadChunks);
  const [a] = await handle.db.select({ n: sql<number>`count(*)::int` }).from(auditLog);
  return `uploads=${u.n} chunks=${c.n} audit=${a.n}`;
}

function upload(actor: OperationContext, fileName: string, body: unknown, extra: Record<string, unknown> = {}) {
  return executeOperation(uploadCsvFile, { fileName, body, ...extra }, actor);
}

describe('storing an upload', () => {
  it('stores and reads back a file byte for byte, however the body is cut', async () => {
    // Multi-byte characters and CRLF pairs fall across 1-, 2- and 3-byte pieces.
    const data = bytes(`${BOM}Prénom,Nom,Ville\r\n${'Zoë,L’Hôte,Besançon €𝄞\r\n'.repeat(40)}`);
    for (const sizes of [[1], [2, 3], [5, 1, 2], [data.length]]) {
      const stored = await storeUpload(handle.db, {
        fileName: 'accents.csv', userId: uploader.user.id, body: piecesOf(data, sizes), maxBytes: 1 << 20,
      });
      expect(stored).toMatchObject({ status: 'ready', sizeBytes: data.length, sha256: sha256(data), hasBom: true, rowCount: 40 });
      expect(Buffer.compare(await readAll(stored.id), data)).toBe(0);
    }
  });

  it('stores a file of several chunks from a web stream, in order', async () => {
    const line = (i: number) => `ext-${i},Prénom ${i},"Rue ${i}\nBât. ${i % 7}",user${i}@example.com\n`;
    let text = 'External ID,First Name,Address Line 1,Work Email\n';
    for (let i = 0; text.length < 3.5 * 1024 * 1024; i++) text += line(i);
    const data = bytes(text);
    const stored = await storeUpload(handle.db, {
      fileName: 'big.csv', userId: uploader.user.id, body: streamOf(data, 65_536 + 3), maxBytes: 1 << 30,
    });
    expect(stored.status).toBe('ready');
    expect(await chunkCount(stored.id)).toBe(Math.ceil(data.length / (1024 * 1024)));
    expect(stored.sha256).toBe(sha256(data));
    expect(Buffer.compare(await readAll(stored.id), data)).toBe(0);
  });
});

describe('POST /api/uploads (uploadCsvFile)', () => {
  it('reads BOM, CRLF, semicolons, quoted line breaks and accents, and previews the first rows', async () => {
    const text = `${BOM}Prénom;Nom;Courriel professionnel;Adresse\r\n`
      + `Zoë;L'Hôte;zoe@example.fr;"12 rue des Écoles\r\nBâtiment B"\r\n`
      + `André;"Dupont; fils";andre@example.fr;\r\n`
      + `\r\n`
      + `Élodie;Müller;elodie@example.fr;"Dit ""la Reine"""\r\n`;
    const result = await upload(uploader, 'contacts-fr.CSV', piecesOf(bytes(text), [3]));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data).toMatchObject({
      fileName: 'contacts-fr.CSV', separator: ';', hasBom: true, rowCount: 3, sizeBytes: bytes(text).length,
      headers: ['Prénom', 'Nom', 'Courriel professionnel', 'Adresse'],
    });
    const preview = await executeOperation(previewCsvUpload, { id: result.data.id }, uploader);
    expect(preview).toMatchObject({
      ok: true,
      data: {
        headers: ['Prénom', 'Nom', 'Courriel professionnel', 'Adresse'],
        separator: ';',
        rowCount: 3,
        rows: [
          ['Zoë', "L'Hôte", 'zoe@example.fr', '12 rue des Écoles\r\nBâtiment B'],
          ['André', 'Dupont; fils', 'andre@example.fr', ''],
          ['Élodie', 'Müller', 'elodie@example.fr', 'Dit "la Reine"'],
        ],
      },
    });
    const lines = [];
    for await (const record of parseUploadRecords(handle.db, result.data.id, { separator: ';' })) lines.push(record.line);
    expect(lines).toEqual([2, 3, 5]);
    const short = await executeOperation(previewCsvUpload, { id: result.data.id, rows: '1' }, uploader);
    expect(short.ok && short.data.rows).toHaveLength(1);
    const audits = await handle.db.select().from(auditLog)
      .where(and(eq(auditLog.targetId, result.data.id), eq(auditLog.action, 'upload.create')));
    expect(audits).toHaveLength(1);
  });

  it('refuses invalid UTF-8 in a file marked as UTF-8 naming its line, and keeps none of the file', async () => {
    // Without the mark, the file would be read as Windows-1252 (tests/integration/upload-encodings.test.ts).
    const data = Uint8Array.from([...bytes(`${BOM}Name,City\r\nAnn,Paris\r\nBob,Cr`), 0xe9, ...bytes('teil\r\nCy,Nice\r\n')]);
    const result = await upload(uploader, 'latin1.csv', piecesOf(data, [4]));
    expect(result).toEqual({ ok: false, status: 422, error: { key: 'uploads.errors.invalidUtf8', params: { line: 3 } } });
    const [row] = await handle.db.select().from(uploads).where(eq(uploads.fileName, 'latin1.csv'));
    expect(row).toMatchObject({ status: 'rejected', errorCode: 'invalidUtf8', errorParams: { line: 3 } });
    expect(await chunkCount(row.id)).toBe(0);
    const info = await executeOperation(getCsvUpload, { id: row.id }, uploader);
    expect(info).toMatchObject({ ok: true, data: { status: 'rejected', error: { key: 'uploads.errors.invalidUtf8', params: { line: 3 } } } });
    expect(await executeOperation(previewCsvUpload, { id: row.id }, uploader)).toMatchObject({ ok: false, status: 404 });
  });

  it('refuses a header naming a column twice, whatever the case', async () => {
    const result = await upload(uploader, 'dup.csv', piecesOf(bytes('Email,Name,EMAIL\na,b,c\n'), [5]));
    expect(result).toEqual({ ok: false, status: 422, error: { key: 'uploads.errors.duplicateHeader', params: { name: 'EMAIL' } } });
  });

  it('refuses an empty file, and a header without rows', async () => {
    expect(await upload(uploader, 'empty.csv', piecesOf(new Uint8Array(0), [1])))
      .toMatchObject({ ok: false, status: 422, error: { key: 'uploads.errors.emptyFile' } });
    expect(await upload(uploader, 'header.csv', piecesOf(bytes('Name,Email\r\n'), [4])))
      .toMatchObject({ ok: false, status: 422, error: { key: 'uploads.errors.noDataRows' } });
  });

  it('refuses a file over the cap while it streams, storing nothing of it', async () => {
    const data = bytes(`Name\n${'x\n'.repeat(3000)}`);
    let pulled = 0;
    async function* counted() {
      for await (const piece of piecesOf(data, [100])) { pulled += piece.length; yield piece; }
    }
    const stored = await storeUpload(handle.db, { fileName: 'big.csv', userId: uploader.user.id, body: counted(), maxBytes: 1000 });
    expect(stored).toMatchObject({ status: 'rejected', errorCode: 'fileTooLarge', errorParams: { maxMb: 0 } });
    expect(pulled).toBeLessThanOrEqual(1100); // stopped reading at the cap
    expect(await chunkCount(stored.id)).toBe(0);
  });

  it('answers 413 before storing anything when the announced size is over the cap', async () => {
    const previous = process.env.UPLOAD_MAX_BYTES;
    process.env.UPLOAD_MAX_BYTES = String(2 * 1024 * 1024);
    try {
      const before = await counts();
      let pulled = false;
      async function* body() { pulled = true; yield bytes('Name\nx\n'); }
      const result = await upload(uploader, 'huge.csv', body(), { declaredBytes: 3 * 1024 * 1024 });
      expect(result).toEqual({ ok: false, status: 413, error: { key: 'uploads.errors.fileTooLarge', params: { maxMb: 2 } } });
      expect(pulled).toBe(false);
      expect(await counts()).toBe(before);
      const streamed = await upload(uploader, 'huge.csv', piecesOf(bytes(`Name\n${'abc\n'.repeat(800_000)}`), [65_536]));
      expect(streamed).toMatchObject({ ok: false, status: 413 });
    } finally {
      if (previous === undefined) delete process.env.UPLOAD_MAX_BYTES;
      else process.env.UPLOAD_MAX_BYTES = previous;
    }
  });

  it('refuses a body shorter than its announced length', async () => {
    const result = await upload(uploader, 'cut.csv', piecesOf(bytes('Name\nx\n'), [3]), { declaredBytes: 100 });
    expect(result).toMatchObject({ ok: false, status: 422, error: { key: 'uploads.errors.incompleteUpload' } });
  });

  it('takes a sender that went away mid-file for an incomplete upload, keeping none of it', async () => {
    async function* abandoned() {
      yield bytes('Name\nAnn\n');
      throw Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
    }
    const result = await upload(uploader, 'gone.csv', abandoned(), { declaredBytes: 5000 });
    expect(result).toMatchObject({ ok: false, status: 422, error: { key: 'uploads.errors.incompleteUpload' } });
    const [row] = await handle.db.select().from(uploads).where(eq(uploads.fileName, 'gone.csv'));
    expect(row.status).toBe('rejected');
    expect(await handle.db.select().from(uploadChunks).where(eq(uploadChunks.uploadId, row.id))).toEqual([]);
  });

  it('checks the file name before reading the body', async () => {
    let pulled = false;
    async function* body() { pulled = true; yield bytes('a\nb\n'); }
    const before = await counts();
    expect(await upload(uploader, 'contacts.txt', body())).toMatchObject({
      ok: false, status: 400, fieldErrors: { fileName: [{ key: 'uploads.errors.notCsv' }] },
    });
    expect(await upload(uploader, '', body())).toMatchObject({ ok: false, status: 400 });
    expect(await upload(uploader, 'x.csv', body(), { contentType: 'multipart/form-data; boundary=x' }))
      .toMatchObject({ ok: false, status: 415 });
    expect(pulled).toBe(false);
    expect(await counts()).toBe(before);
    const named = await upload(uploader, 'C:\\Users\\me\\Desktop\\list.csv', piecesOf(bytes('a\nb\n'), [2]));
    expect(named.ok && named.data.fileName).toBe('list.csv');
  });
});

describe('permissions', () => {
  it('refuses an upload without importCsvUpload:add before reading a byte, changing nothing', async () => {
    let pulled = false;
    async function* body() { pulled = true; yield bytes('Name\nx\n'); }
    const before = await counts();
    expect(await upload(viewerOnly, 'x.csv', body())).toMatchObject({ ok: false, status: 403 });
    expect(await upload(viewerOnly, 'x.csv', undefined)).toMatchObject({ ok: false, status: 403 });
    expect(pulled).toBe(false);
    expect(await counts()).toBe(before);
  });

  it("shows a user their own uploads only, even to importJob:viewAll until a job uses them", async () => {
    const result = await upload(uploader, 'mine.csv', piecesOf(bytes('Name\nAnn\n'), [64]));
    if (!result.ok) throw new Error(JSON.stringify(result));
    const { id } = result.data;
    expect(await executeOperation(previewCsvUpload, { id }, otherUploader))
      .toEqual({ ok: false, status: 404, error: { key: 'errors.notFound' } });
    expect(await executeOperation(getCsvUpload, { id }, otherUploader)).toMatchObject({ ok: false, status: 404 });
    // Who sees an upload once a job used it: tests/integration/upload-visibility.test.ts.
    expect(await executeOperation(previewCsvUpload, { id }, supervisor)).toMatchObject({ ok: false, status: 404 });
    expect(await executeOperation(previewCsvUpload, { id }, uploader)).toMatchObject({ ok: true, data: { rows: [['Ann']] } });
    const noView = await createActor(handle.db, ['externalContacts:importCsvUpload:add', 'externalContacts:importJob:viewAll']);
    expect(await executeOperation(previewCsvUpload, { id }, noView)).toMatchObject({ ok: false, status: 403 });
  });
});

describe('abandoned uploads', () => {
  it('deletes uploads cut off while receiving, with their chunks, and nothing else', async () => {
    const dayAgo = new Date(Date.now() - 25 * 3600_000);
    const [cutOff] = await handle.db.insert(uploads).values({ fileName: 'cut.csv', status: 'receiving', createdAt: dayAgo }).returning();
    await handle.db.insert(uploadChunks).values({ uploadId: cutOff.id, seq: 0, data: new Uint8Array([65]) });
    const [oldReady] = await handle.db.insert(uploads).values({ fileName: 'old.csv', status: 'ready', createdAt: dayAgo }).returning();
    const [receivingNow] = await handle.db.insert(uploads).values({ fileName: 'now.csv', status: 'receiving' }).returning();
    const deleted = await deleteAbandonedUploads(handle.db, new Date(Date.now() - 24 * 3600_000));
    expect(deleted).toBeGreaterThanOrEqual(1);
    const left = new Set((await handle.db.select({ id: uploads.id }).from(uploads)).map((u) => u.id));
    expect(left.has(cutOff.id)).toBe(false);
    expect(left.has(oldReady.id)).toBe(true);
    expect(left.has(receivingNow.id)).toBe(true);
    expect(await handle.db.select().from(uploadChunks).where(eq(uploadChunks.uploadId, cutOff.id))).toEqual([]);
  });
});

describe('a large file', () => {
  // A forced collection before each sample, so that garbage not yet collected is not counted.
  setFlagsFromString('--expose-gc');
  const collect = runInNewContext('gc') as () => void;
  /**
   * JS memory in use: the heap, plus buffers on PostgreSQL. PGlite keeps its in-memory database
   * in buffers of this very process, so there they grow with the data stored, whatever we do.
   */
  const inUse = () => {
    collect();
    const { heapUsed, arrayBuffers } = process.memoryUsage();
    return heapUsed + (handle.driver === 'postgres' ? arrayBuffers : 0);
  };

  it('streams 30 MB with flat memory, and reads back exactly the rows written', async () => {
    const ROWS = 330_000;
    const row = (i: number) => `ext-${i},Prénom ${i},Nom-${i % 977},"Rue ${i}, ""B""\nBât ${i % 9}",user${i}@example.com,+3312345${i % 10_000}\r\n`;
    const header = 'External ID,First Name,Last Name,Address Line 1,Work Email,Work Phone\r\n';
    const hash = createHash('sha256');
    let size = 0;
    let peakGrowth = 0;
    let maxAhead = 0;
    const storedBytes = async () => {
      const [r] = await handle.db.select({ n: sql<number>`coalesce(sum(length(${uploadChunks.data})), 0)::bigint` })
        .from(uploadChunks).innerJoin(uploads, eq(uploads.id, uploadChunks.uploadId))
        .where(eq(uploads.fileName, 'thirty.csv'));
      return Number(r.n);
    };
    const baseline = inUse();
    // Generated on the fly in 64 KB pieces: the test never holds the file either.
    async function* generate() {
      let piece = header;
      for (let i = 0; i < ROWS; i++) {
        piece += row(i);
        if (piece.length < 65_536 && i < ROWS - 1) continue;
        const data = bytes(piece);
        hash.update(data);
        size += data.length;
        piece = '';
        if (i % 10_000 < 700) { // about every MB
          peakGrowth = Math.max(peakGrowth, inUse() - baseline);
          maxAhead = Math.max(maxAhead, size - await storedBytes());
        }
        yield data;
      }
    }
    const started = performance.now();
    const stored = await storeUpload(handle.db, { fileName: 'thirty.csv', userId: uploader.user.id, body: generate(), maxBytes: 1 << 30 });
    const seconds = (performance.now() - started) / 1000;
    console.log(`[uploads ${handle.driver}] stored ${(size / 1048576).toFixed(1)} MB in ${seconds.toFixed(2)} s `
      + `(${(size / 1048576 / seconds).toFixed(0)} MB/s); memory growth ${(peakGrowth / 1048576).toFixed(1)} MB, `
      + `at most ${(maxAhead / 1048576).toFixed(1)} MB read ahead of the database`);
    expect(size).toBeGreaterThan(30 * 1024 * 1024);
    expect(stored).toMatchObject({ status: 'ready', rowCount: ROWS, sizeBytes: size, sha256: hash.digest('hex') });
    // What was read but not yet in the database: a chunk filling, one checked, one being inserted.
    expect(maxAhead).toBeLessThanOrEqual(3 * 1024 * 1024);
    // Flat, whatever the size: the chunk filling, the one being inserted as hex text, and the
    // driver's buffers (about 10 MB with postgres.js, 2 MB with PGlite).
    expect(peakGrowth).toBeLessThan(size / 2.5);

    let expected = 0;
    let readPeak = 0;
    const readBase = inUse();
    for await (const record of parseUploadRecords(handle.db, stored.id, { separator: ',' })) {
      const i = expected++;
      if (record.line !== i + 2 || record.cells[0] !== `ext-${i}` || record.cells[3] !== `Rue ${i}, "B"\nBât ${i % 9}`
        || record.cells.length !== 6) {
        throw new Error(`row ${i} read as ${JSON.stringify(record)}`);
      }
      if (i % 10_000 === 0) readPeak = Math.max(readPeak, inUse() - readBase);
    }
    expect(expected).toBe(ROWS);
    // A few chunks in the driver's buffers (postgres.js: about 10 to 13 MB, up to 19 MB seen when
    // GC lags on a busy machine), never the file: its rows as JS strings would take twice its size.
    expect(readPeak).toBeLessThan(size * 0.8);
  });
});
