import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { queryRows, type DatabaseHandle } from '@/db/client';
import { uploadChunks, uploads } from '@/db/schema';
import type { OperationContext } from '@/lib/actions/operation';
import { executeOperation } from '@/lib/actions/operation';
import { ALL_PERMISSIONS } from '@/lib/auth/permissions';
import { apiErrorSchema } from '@/lib/api/openapi-errors';
import * as schemas from '@/lib/api/responses';
import { installJobQueues } from '@/lib/import/jobs/queue/boss';
import { startJobWorker, type JobWorker } from '@/lib/import/jobs/queue/worker';
import { rereadCsvUpload } from '@/lib/import/upload/operations';
import { readUploadBytes } from '@/lib/import/upload/read-upload';
import { apiAssertions, callApi, issueToken, serveAppFrom } from '../support/api-calls';
import { cp1252, FRENCH_MAPPING, frenchContacts, frenchExport, utf16 } from '../support/encoded-files';
import { createActor, homeDivisionId } from '../support/fixtures';
import { isEnded, waitForJob } from '../support/job-fixtures';
import { createTestDatabase } from '../support/test-db';

// Files in the encodings spreadsheets save, through the API as a script sends them: read in the
// right encoding, imported with every accent stored right; another encoding chosen afterwards.

let handle: DatabaseHandle;
let restore: () => void;
let worker: JobWorker;
let admin: OperationContext;
let token: string;
let home: string;
let profileId: string;
let sourceId: string;

const { ok, refused } = apiAssertions(() => token);

function uploadFile(bytes: Uint8Array, fileName: string, query?: Record<string, string>) {
  return callApi('POST', '/uploads', {
    token, body: Buffer.from(bytes), query, headers: { 'Content-Type': 'text/csv', 'X-File-Name': encodeURIComponent(fileName) },
  });
}

async function uploaded(bytes: Uint8Array, fileName: string, query?: Record<string, string>) {
  const response = await uploadFile(bytes, fileName, query);
  const body = await response.json();
  expect(response.status, JSON.stringify(body)).toBe(201);
  return schemas.uploadSummarySchema.parse(body);
}

async function importUpload(uploadId: string) {
  const started = await ok('POST', '/jobs', schemas.jobSchema, {
    json: { uploadId, profileId, divisionId: home, description: `encodings ${uploadId}`, autoContinue: true },
  }, 201);
  await waitForJob(handle.db, started.id, isEnded, 60_000);
  return ok('GET', '/jobs/{id}', schemas.jobSchema, { params: { id: started.id } });
}

/** The stored contacts whose external ID starts with `prefix`, by external ID. */
function contactsOf(prefix: string) {
  return queryRows<{ id: string; first: string; last: string; title: string; city: string }>(handle.db, sql`
    select e.value as id, c.first_name as first, c.last_name as last, c.title, c.city from contacts c
    join contact_external_ids e on e.contact_id = c.id
    where e.source_id = ${sourceId} and e.value like ${`${prefix}%`} order by e.value`);
}

async function storedBytes(uploadId: string): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const part of readUploadBytes(handle.db, uploadId)) parts.push(part);
  return Buffer.concat(parts);
}

beforeAll(async () => {
  handle = await createTestDatabase();
  restore = serveAppFrom(handle);
  await installJobQueues(handle);
  admin = await createActor(handle.db, ALL_PERMISSIONS);
  token = (await issueToken(admin)).token;
  home = await homeDivisionId(handle.db);
  const source = await ok('POST', '/external-sources', schemas.sourceSchema, { json: { name: 'Encodings CRM' } }, 201);
  sourceId = source.id;
  const profile = await ok('POST', '/import-profiles', schemas.profileSchema, {
    json: {
      name: 'Encodings', externalSourceId: sourceId, matchBy: ['externalId'], mergeMode: 'updateFirst', loadType: 'upsert',
      importFields: Object.values(FRENCH_MAPPING).slice(1).concat('externalId'), columnMapping: FRENCH_MAPPING,
    },
  }, 201);
  profileId = profile.id;
  worker = await startJobWorker(handle, { config: { heartbeatMs: 200, pollingSeconds: 0.5 } });
});

afterAll(async () => {
  await worker?.stop();
  restore?.();
  await handle?.close();
});

describe('files in other encodings, through the API', () => {
  it('reads a French Excel export in Windows-1252 as such, keeps the file as received, and stores every accent right', async () => {
    const bytes = cp1252(frenchExport('W'));
    const upload = await uploaded(bytes, 'export excel.csv');
    expect(upload).toMatchObject({
      encoding: 'windows-1252', detectedEncoding: 'windows-1252', separator: ';', hasBom: false, rowCount: 3,
      headers: ['ID externe', 'Prénom', 'Nom', 'Titre', 'Ville'], sizeBytes: bytes.length,
    });
    expect(Buffer.compare(await storedBytes(upload.id), Buffer.from(bytes))).toBe(0);
    const preview = await ok('GET', '/uploads/{id}/preview', schemas.uploadPreviewSchema, { params: { id: upload.id } });
    expect(preview.rows[1]).toEqual(['W-2', 'Jérôme', 'Cœur', 'Responsable à 5 €', 'Nîmes']);
    const job = await importUpload(upload.id);
    expect(job).toMatchObject({ status: 'completed', counters: { rowsInFile: 3, imported: 3, inserted: 3, notImported: 0 } });
    expect(await contactsOf('W-')).toEqual(frenchContacts('W'));
  });

  it.each(['le', 'be'] as const)('reads UTF-16 %s with its BOM and stores it right', async (order) => {
    const prefix = `U16${order}`;
    const upload = await uploaded(utf16(frenchExport(prefix), order), `utf16-${order}.csv`);
    expect(upload).toMatchObject({ encoding: `utf-16${order}`, detectedEncoding: `utf-16${order}`, hasBom: true, separator: ';', rowCount: 3 });
    const job = await importUpload(upload.id);
    expect(job.counters).toMatchObject({ rowsInFile: 3, inserted: 3 });
    expect(await contactsOf(`${prefix}-`)).toEqual(frenchContacts(prefix));
  });

  it('reads in the encoding asked for, without detection; refuses a name it does not offer', async () => {
    const bytes = cp1252('ID externe;Prénom;Nom;Titre;Ville\r\nQ-1;Zoé;C\u00bdur;Tarif 5 \u00a4;Reims\r\n');
    const upload = await uploaded(bytes, 'iso.csv', { encoding: 'iso-8859-15' });
    expect(upload).toMatchObject({ encoding: 'iso-8859-15', detectedEncoding: null, rowCount: 1 });
    await importUpload(upload.id);
    expect(await contactsOf('Q-')).toEqual([{ id: 'Q-1', first: 'Zoé', last: 'Cœur', title: 'Tarif 5 €', city: 'Reims' }]);
    const unknown = await uploadFile(bytes, 'ebcdic.csv', { encoding: 'ebcdic' });
    expect(unknown.status).toBe(400);
  });

  it('refuses a file that is text in no encoding offered, with its line, and keeps none of it', async () => {
    const bytes = Uint8Array.from([...cp1252('ID externe;Prénom\r\nX-1;Zoé\r\nX-2;Lé'), 0x81, ...cp1252('a\r\n')]);
    const body = apiErrorSchema.parse(await (await uploadFile(bytes, 'bad.csv')).json());
    expect(body.error.code).toBe('uploads.unknownEncoding');
    expect(body.error.message).toContain('line 3 holds a byte that is not text in Windows-1252');
    const [row] = await handle.db.select().from(uploads).where(eq(uploads.fileName, 'bad.csv'));
    expect(row).toMatchObject({ status: 'rejected', errorCode: 'unknownEncoding', errorParams: { line: 3 } });
    expect(await handle.db.select().from(uploadChunks).where(eq(uploadChunks.uploadId, row.id))).toEqual([]);
  });
});

describe('choosing another encoding', () => {
  it('reads the stored file again (¤ in Windows-1252 is € in ISO-8859-15), and the import stores the new reading', async () => {
    const bytes = cp1252('ID externe;Prénom;Nom;Titre;Ville\r\nE-1;Zoé;C\u00bdur;Tarif 5 \u00a4;Reims\r\nE-2;Léa;Martin;Prix \u00a4;Metz\r\n');
    const upload = await uploaded(bytes, 'euro.csv');
    expect(upload.encoding).toBe('windows-1252');
    const before = await ok('GET', '/uploads/{id}/preview', schemas.uploadPreviewSchema, { params: { id: upload.id } });
    expect(before.rows[0]).toEqual(['E-1', 'Zoé', 'C½ur', 'Tarif 5 ¤', 'Reims']);

    const reread = await ok('PUT', '/uploads/{id}/encoding', schemas.uploadSummarySchema,
      { params: { id: upload.id }, json: { encoding: 'iso-8859-15' } });
    expect(reread).toMatchObject({ id: upload.id, encoding: 'iso-8859-15', detectedEncoding: 'windows-1252', rowCount: 2, separator: ';' });
    const after = await ok('GET', '/uploads/{id}/preview', schemas.uploadPreviewSchema, { params: { id: upload.id } });
    expect(after.rows[0]).toEqual(['E-1', 'Zoé', 'Cœur', 'Tarif 5 €', 'Reims']);
    expect(Buffer.compare(await storedBytes(upload.id), Buffer.from(bytes))).toBe(0); // the file stays as received

    await importUpload(upload.id);
    expect(await contactsOf('E-')).toEqual([
      { id: 'E-1', first: 'Zoé', last: 'Cœur', title: 'Tarif 5 €', city: 'Reims' },
      { id: 'E-2', first: 'Léa', last: 'Martin', title: 'Prix €', city: 'Metz' },
    ]);
    // Once a job uses the upload, its reading is fixed.
    const inUse = await refused('PUT', '/uploads/{id}/encoding', { params: { id: upload.id }, json: { encoding: 'windows-1252' } }, 409);
    expect(inUse.error.code).toBe('uploads.inUse');
    const [row] = await handle.db.select().from(uploads).where(eq(uploads.id, upload.id));
    expect(row.encoding).toBe('iso-8859-15');
  });

  it('says which line the chosen encoding refuses, and keeps the previous reading', async () => {
    const bytes = cp1252('ID externe;Prénom\r\nC-1;Zoé\r\nC-2;5 €\r\n'); // € is 0x80: a C1 control in ISO-8859-1
    const upload = await uploaded(bytes, 'c1.csv');
    const body = await refused('PUT', '/uploads/{id}/encoding', { params: { id: upload.id }, json: { encoding: 'iso-8859-1' } }, 422);
    expect(body.error).toEqual({ code: 'uploads.invalidEncoding', message: expect.stringContaining('Line 3 holds a byte that is not text in ISO-8859-1') });
    const utf8 = await refused('PUT', '/uploads/{id}/encoding', { params: { id: upload.id }, json: { encoding: 'utf-8' } }, 422);
    expect(utf8.error).toEqual({ code: 'uploads.invalidUtf8', message: expect.stringContaining('Line 1 is not valid UTF-8') }); // Prénom's é
    const [row] = await handle.db.select().from(uploads).where(eq(uploads.id, upload.id));
    expect(row).toMatchObject({ status: 'ready', encoding: 'windows-1252', rowCount: 2, headers: ['ID externe', 'Prénom'] });
    // UTF-16 read as such: a file of an odd number of bytes is not UTF-16.
    const odd = await refused('PUT', '/uploads/{id}/encoding', { params: { id: upload.id }, json: { encoding: 'utf-16le' } }, 422);
    expect(odd.error.code).toBe('uploads.invalidEncoding');
  });

  it("is the uploader's alone: another user is refused, whether or not they may see the upload", async () => {
    const upload = await uploaded(cp1252('ID externe;Prénom\r\nO-1;Zoé\r\n'), 'own.csv');
    const stranger = await createActor(handle.db, ['externalContacts:importCsvUpload:add', 'externalContacts:importCsvUpload:view']);
    expect(await executeOperation(rereadCsvUpload, { id: upload.id, encoding: 'iso-8859-15' }, stranger))
      .toMatchObject({ ok: false, status: 404 });
    // Someone who sees the upload through a job (importJob:viewAll) may still not choose for it.
    const supervisor = await createActor(handle.db, [
      'externalContacts:importCsvUpload:add', 'externalContacts:importCsvUpload:view', 'externalContacts:importJob:viewAll',
    ]);
    await importUpload(upload.id);
    expect(await executeOperation(rereadCsvUpload, { id: upload.id, encoding: 'iso-8859-15' }, supervisor))
      .toMatchObject({ ok: false, status: 403, error: { key: 'errors.forbidden' } });
    const viewer = await createActor(handle.db, ['externalContacts:importCsvUpload:view']);
    expect(await executeOperation(rereadCsvUpload, { id: upload.id, encoding: 'iso-8859-15' }, viewer))
      .toMatchObject({ ok: false, status: 403 });
    const [row] = await handle.db.select().from(uploads).where(eq(uploads.id, upload.id));
    expect(row.encoding).toBe('windows-1252');
  });
});

describe("a profile's encoding", () => {
  it('is set, kept when left out, cleared, and refused when not offered, through the API', async () => {
    const base = { name: 'Encodings pinned', externalSourceId: sourceId, matchBy: ['externalId'], mergeMode: 'updateFirst', loadType: 'upsert' };
    const created = await ok('POST', '/import-profiles', schemas.profileSchema, { json: { ...base, encoding: 'iso-8859-15' } }, 201);
    expect(created.encoding).toBe('iso-8859-15');
    const kept = await ok('PUT', '/import-profiles/{id}', schemas.profileSchema, { params: { id: created.id }, json: { ...base, defaultCountry: 'FR' } });
    expect(kept).toMatchObject({ encoding: 'iso-8859-15', defaultCountry: 'FR' });
    const cleared = await ok('PUT', '/import-profiles/{id}', schemas.profileSchema, { params: { id: created.id }, json: { ...base, encoding: null } });
    expect(cleared.encoding).toBeNull();
    const bad = await refused('PUT', '/import-profiles/{id}', { params: { id: created.id }, json: { ...base, encoding: 'ebcdic' } }, 400);
    expect(bad.fieldErrors).toHaveProperty('encoding');
    const plain = await ok('POST', '/import-profiles', schemas.profileSchema, { json: { ...base, name: 'Encodings detected' } }, 201);
    expect(plain.encoding).toBeNull();
  });
});
