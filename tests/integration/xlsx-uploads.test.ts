import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { queryRows, type DatabaseHandle } from '@/db/client';
import { storedUploadBytes } from '@/db/queries/retention';
import { importJobs, uploadChunks, uploads } from '@/db/schema';
import type { OperationContext } from '@/lib/actions/operation';
import { executeOperation } from '@/lib/actions/operation';
import { ALL_PERMISSIONS } from '@/lib/auth/permissions';
import { apiErrorSchema } from '@/lib/api/openapi-errors';
import * as schemas from '@/lib/api/responses';
import { installJobQueues } from '@/lib/import/jobs/queue/boss';
import { startJobWorker, type JobWorker } from '@/lib/import/jobs/queue/worker';
import { chooseUploadSheet } from '@/lib/import/upload/xlsx/sheet-operations';
import { runRetentionCleanup } from '@/lib/import/upload/cleanup';
import { parseUploadRecords, readUploadBytes } from '@/lib/import/upload/read-upload';
import { storeUpload } from '@/lib/import/upload/store-upload';
import { apiAssertions, callApi, issueToken, serveAppFrom } from '../support/api-calls';
import { createActor, homeDivisionId } from '../support/fixtures';
import { isEnded, waitForJob } from '../support/job-fixtures';
import { createTestDatabase } from '../support/test-db';
import { buildWorkbook, piecesOf, type XlsxCell } from '../support/xlsx-files';

// Excel workbooks through the API, as a script sends them: read as Excel shows them (leading
// zeros, long numbers in full, ISO dates), another sheet chosen, imported; broken ones refused.

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADER = ['External ID', 'First Name', 'Postal Code', 'Work Phone', 'Custom: Member Since'];

let handle: DatabaseHandle;
let restore: () => void;
let worker: JobWorker;
let admin: OperationContext;
let token: string;
let home: string;
let profileId: string;
let sourceId: string;

const { ok, refused } = apiAssertions(() => token);

function uploadFile(bytes: Uint8Array, fileName: string, contentType = XLSX) {
  return callApi('POST', '/uploads', {
    token, body: Buffer.from(bytes), headers: { 'Content-Type': contentType, 'X-File-Name': encodeURIComponent(fileName) },
  });
}

async function uploaded(bytes: Uint8Array, fileName: string) {
  const response = await uploadFile(bytes, fileName);
  const body = await response.json();
  expect(response.status, JSON.stringify(body)).toBe(201);
  return schemas.uploadSummarySchema.parse(body);
}

async function importUpload(uploadId: string) {
  const started = await ok('POST', '/jobs', schemas.jobSchema, {
    json: { uploadId, profileId, divisionId: home, description: `xlsx ${uploadId}`, autoContinue: true },
  }, 201);
  await waitForJob(handle.db, started.id, isEnded, 60_000);
  return ok('GET', '/jobs/{id}', schemas.jobSchema, { params: { id: started.id } });
}

/** The stored contacts whose external ID starts with `prefix`, by external ID. */
function contactsOf(prefix: string) {
  return queryRows<{ id: string; first: string; postal: string; phone: string; shown: string; since: string | null }>(handle.db, sql`
    select e.value as id, c.first_name as first, c.postal_code as postal, c.work_phone as phone,
      c.work_phone_display as shown, c.custom_fields->>'Member Since' as since
    from contacts c join contact_external_ids e on e.contact_id = c.id
    where e.source_id = ${sourceId} and e.value like ${`${prefix}%`} order by e.value`);
}

/** Two sheets: contacts with a text postal code, one zero-padded by its number format, a phone stored as a number, dates. */
function contactsWorkbook(prefix: string) {
  const rows: XlsxCell[][] = [
    HEADER,
    [`${prefix}-1`, 'Zoé', '01234', 447911123456, new Date(Date.UTC(2024, 2, 15))],
    [`${prefix}-2`, 'Léa', { value: 7501, numFmt: '00000' }, 447912345678, { value: new Date(Date.UTC(2023, 10, 2, 9, 30)), numFmt: 'dd/mm/yyyy hh:mm' }],
  ];
  const partners: XlsxCell[][] = [
    HEADER,
    [`${prefix}-P1`, 'Anaïs', { value: 501, numFmt: '00000' }, 447911000111, new Date(Date.UTC(2020, 0, 31))],
  ];
  return buildWorkbook([{ name: 'Contacts', rows }, { name: 'Partners', rows: partners }]);
}

beforeAll(async () => {
  handle = await createTestDatabase();
  restore = serveAppFrom(handle);
  await installJobQueues(handle);
  admin = await createActor(handle.db, ALL_PERMISSIONS);
  token = (await issueToken(admin)).token;
  home = await homeDivisionId(handle.db);
  const source = await ok('POST', '/external-sources', schemas.sourceSchema, { json: { name: 'Workbook CRM' } }, 201);
  sourceId = source.id;
  const profile = await ok('POST', '/import-profiles', schemas.profileSchema, {
    json: {
      name: 'Workbooks', externalSourceId: sourceId, matchBy: ['externalId'], mergeMode: 'updateFirst', loadType: 'upsert',
      importFields: [], columnMapping: {}, defaultCountry: 'GB',
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

describe('Excel workbooks, through the API', () => {
  it('reads the first sheet as Excel shows it, keeps the workbook as received, and imports those values', async () => {
    const bytes = await contactsWorkbook('X');
    const upload = await uploaded(bytes, 'contacts.xlsx');
    expect(upload).toMatchObject({
      format: 'xlsx', sheetName: 'Contacts', sheetNames: ['Contacts', 'Partners'], headers: HEADER, rowCount: 2,
      separator: null, encoding: null, sizeBytes: bytes.length,
    });
    const stored: Uint8Array[] = [];
    for await (const part of readUploadBytes(handle.db, upload.id)) stored.push(part);
    expect(Buffer.compare(Buffer.concat(stored), bytes)).toBe(0);

    const preview = await ok('GET', '/uploads/{id}/preview', schemas.uploadPreviewSchema, { params: { id: upload.id } });
    expect(preview).toMatchObject({ headers: HEADER, rowCount: 2, separator: null });
    expect(preview.rows).toEqual([
      ['X-1', 'Zoé', '01234', '447911123456', '2024-03-15'],
      ['X-2', 'Léa', '07501', '447912345678', '2023-11-02T09:30:00'],
    ]);

    const job = await importUpload(upload.id);
    expect(job).toMatchObject({ status: 'completed', counters: { rowsInFile: 2, imported: 2, inserted: 2, notImported: 0 } });
    expect(await contactsOf('X-')).toEqual([
      { id: 'X-1', first: 'Zoé', postal: '01234', phone: '+447911123456', shown: '447911123456', since: '2024-03-15' },
      { id: 'X-2', first: 'Léa', postal: '07501', phone: '+447912345678', shown: '447912345678', since: '2023-11-02T09:30:00' },
    ]);
  });

  it('reads another sheet when asked, then imports that one', async () => {
    const upload = await uploaded(await contactsWorkbook('S'), 'two sheets.xlsx');
    const chosen = await ok('PUT', '/uploads/{id}/sheet', schemas.uploadSheetSchema,
      { params: { id: upload.id }, json: { sheetName: 'Partners' } });
    expect(chosen).toMatchObject({ sheetName: 'Partners', rowCount: 1, headers: HEADER, rows: [['S-P1', 'Anaïs', '00501', '447911000111', '2020-01-31']] });
    const again = await ok('GET', '/uploads/{id}', schemas.uploadSchema, { params: { id: upload.id } });
    expect(again).toMatchObject({ sheetName: 'Partners', rowCount: 1 });
    const preview = await ok('GET', '/uploads/{id}/preview', schemas.uploadPreviewSchema, { params: { id: upload.id } });
    expect(preview.rows).toEqual([['S-P1', 'Anaïs', '00501', '447911000111', '2020-01-31']]);

    const job = await importUpload(upload.id);
    expect(job.counters).toMatchObject({ rowsInFile: 1, inserted: 1 });
    expect(await contactsOf('S-')).toEqual([
      { id: 'S-P1', first: 'Anaïs', postal: '00501', phone: '+447911000111', shown: '447911000111', since: '2020-01-31' },
    ]);
    // Once a job uses the upload, its sheet is fixed.
    const inUse = await refused('PUT', '/uploads/{id}/sheet', { params: { id: upload.id }, json: { sheetName: 'Contacts' } }, 409);
    expect(inUse.error.code).toBe('uploads.sheetInUse');
    const [row] = await handle.db.select().from(uploads).where(eq(uploads.id, upload.id));
    expect(row.sheetName).toBe('Partners');
  });

  it('refuses a sheet the checks refuse, or that is not there, and keeps the sheet read before', async () => {
    const bytes = await buildWorkbook([
      { name: 'Good', rows: [HEADER, ['G-1', 'Zoé']] },
      { name: 'Notes', rows: [['Remember to import on Monday']] },
    ]);
    const upload = await uploaded(bytes, 'notes.xlsx');
    const empty = await refused('PUT', '/uploads/{id}/sheet', { params: { id: upload.id }, json: { sheetName: 'Notes' } }, 422);
    expect(empty.error).toEqual({ code: 'uploads.noDataRows', message: 'The file has a header row but no rows to import below it.' });
    const missing = await refused('PUT', '/uploads/{id}/sheet', { params: { id: upload.id }, json: { sheetName: 'Nope' } }, 422);
    expect(missing.error.message).toBe('The workbook has no sheet named “Nope”.');
    const [row] = await handle.db.select().from(uploads).where(eq(uploads.id, upload.id));
    expect(row).toMatchObject({ sheetName: 'Good', rowCount: 1, headers: HEADER });
  });

  it("is the uploader's alone to choose a sheet, and never for a CSV", async () => {
    const upload = await uploaded(await contactsWorkbook('O'), 'own.xlsx');
    const stranger = await createActor(handle.db, ['externalContacts:importCsvUpload:add', 'externalContacts:importCsvUpload:view']);
    expect(await executeOperation(chooseUploadSheet, { id: upload.id, sheetName: 'Partners' }, stranger))
      .toMatchObject({ ok: false, status: 404 });
    const csv = await uploadFile(new TextEncoder().encode('External ID\nC-1\n'), 'plain.csv', 'text/csv');
    const csvUpload = schemas.uploadSummarySchema.parse(await csv.json());
    expect(csvUpload).toMatchObject({ format: 'csv', sheetName: null, sheetNames: null });
    expect(await executeOperation(chooseUploadSheet, { id: csvUpload.id, sheetName: 'Sheet1' }, admin))
      .toMatchObject({ ok: false, status: 409, error: { key: 'uploads.errors.notWorkbook' } });
    const [row] = await handle.db.select().from(uploads).where(eq(uploads.id, upload.id));
    expect(row.sheetName).toBe('Contacts');
  });

  it('reads records with the row numbers Excel shows, blank rows keeping theirs', async () => {
    const bytes = await buildWorkbook([{ name: 'S', rows: [HEADER, ['B-1'], [], [], ['B-2']] }]);
    const upload = await uploaded(bytes, 'gaps.xlsx');
    const lines: number[] = [];
    for await (const record of parseUploadRecords(handle.db, upload.id, { separator: null, format: 'xlsx', sheetName: 'S', sizeBytes: bytes.length })) {
      lines.push(record.line);
    }
    expect(lines).toEqual([2, 5]);
  });
});

describe("a workbook's readable form: read once, at upload", () => {
  const partsOf = async (uploadId: string) => (await queryRows<{ part: number; bytes: number }>(handle.db, sql`
    select part, sum(octet_length(data))::int as bytes from upload_chunks where upload_id = ${uploadId}
    group by part order by part`));
  const textOf = async (uploadId: string, part: number) => {
    const pieces: Uint8Array[] = [];
    for await (const piece of readUploadBytes(handle.db, uploadId, part)) pieces.push(piece);
    return Buffer.concat(pieces).toString('utf8');
  };
  const rowOf = async (uploadId: string) => (await handle.db.select().from(uploads).where(eq(uploads.id, uploadId)))[0];

  it('stores the sheet as UTF-8 CSV, and preview, validation and import read that even with the workbook gone', async () => {
    const bytes = await buildWorkbook([{ name: 'Tricky', rows: [
      HEADER,
      ['R-1', 'Zoé, "la grande"', '01234', 447911123456, new Date(Date.UTC(2024, 2, 15))],
      [],
      ['R-2', 'Line one\nline two', { value: 7501, numFmt: '00000' }],
    ] }]);
    const upload = await uploaded(bytes, 'tricky.xlsx');
    const csv = `${HEADER.join(',')}\r\n`
      + 'R-1,"Zoé, ""la grande""",01234,447911123456,2024-03-15\r\n'
      + '\r\n'
      + 'R-2,"Line one\nline two",07501\r\n';
    const row = await rowOf(upload.id);
    expect(row).toMatchObject({ readablePart: 1, readableBytes: Buffer.byteLength(csv), sizeBytes: bytes.length });
    expect(await textOf(upload.id, 1)).toBe(csv);
    expect(await partsOf(upload.id)).toEqual([{ part: 0, bytes: bytes.length }, { part: 1, bytes: Buffer.byteLength(csv) }]);

    // Every later pass reads the CSV: with the workbook's bytes deleted, all still work.
    await handle.db.delete(uploadChunks).where(and(eq(uploadChunks.uploadId, upload.id), eq(uploadChunks.part, 0)));
    const lines: number[] = [];
    for await (const record of parseUploadRecords(handle.db, upload.id, row)) lines.push(record.line);
    expect(lines).toEqual([2, 4]);
    const preview = await ok('GET', '/uploads/{id}/preview', schemas.uploadPreviewSchema, { params: { id: upload.id } });
    expect(preview.rows).toEqual([
      ['R-1', 'Zoé, "la grande"', '01234', '447911123456', '2024-03-15'],
      ['R-2', 'Line one\nline two', '07501'],
    ]);
    const job = await importUpload(upload.id);
    expect(job).toMatchObject({ status: 'completed', counters: { rowsInFile: 2, inserted: 2, notImported: 0 } });
    expect(await contactsOf('R-')).toEqual([
      { id: 'R-1', first: 'Zoé, "la grande"', postal: '01234', phone: '+447911123456', shown: '447911123456', since: '2024-03-15' },
      { id: 'R-2', first: 'Line one\nline two', postal: '07501', phone: null, shown: null, since: null },
    ]);
  });

  it('replaces the readable form entirely when another sheet is chosen, and keeps it when the sheet is refused', async () => {
    const bytes = await buildWorkbook([
      { name: 'Contacts', rows: [HEADER, ['W-1', 'Zoé'], ['W-2', 'Léa'], ['W-3', 'Inès']] },
      { name: 'Partners', rows: [HEADER, ['W-P1', 'Anaïs']] },
      { name: 'Notes', rows: [['Remember to import on Monday']] },
    ]);
    const upload = await uploaded(bytes, 'three sheets.xlsx');
    const contactsCsvText = `${HEADER.join(',')}\r\nW-1,Zoé\r\nW-2,Léa\r\nW-3,Inès\r\n`;
    expect(await textOf(upload.id, 1)).toBe(contactsCsvText);

    await ok('PUT', '/uploads/{id}/sheet', schemas.uploadSheetSchema, { params: { id: upload.id }, json: { sheetName: 'Partners' } });
    const partners = await rowOf(upload.id);
    const partnersCsv = `${HEADER.join(',')}\r\nW-P1,Anaïs\r\n`;
    expect(partners.readablePart).not.toBe(1);
    expect(partners.readableBytes).toBe(Buffer.byteLength(partnersCsv));
    expect(await partsOf(upload.id)).toEqual([{ part: 0, bytes: bytes.length }, { part: partners.readablePart, bytes: Buffer.byteLength(partnersCsv) }]);
    expect(await textOf(upload.id, partners.readablePart!)).toBe(partnersCsv);

    await refused('PUT', '/uploads/{id}/sheet', { params: { id: upload.id }, json: { sheetName: 'Notes' } }, 422);
    expect(await rowOf(upload.id)).toMatchObject({ sheetName: 'Partners', readablePart: partners.readablePart });
    expect((await partsOf(upload.id)).map((p) => p.part)).toEqual([0, partners.readablePart]);

    await ok('PUT', '/uploads/{id}/sheet', schemas.uploadSheetSchema, { params: { id: upload.id }, json: { sheetName: 'Contacts' } });
    const back = await rowOf(upload.id);
    expect(await partsOf(upload.id)).toEqual([{ part: 0, bytes: bytes.length }, { part: back.readablePart, bytes: Buffer.byteLength(contactsCsvText) }]);
    expect(await textOf(upload.id, back.readablePart!)).toBe(contactsCsvText);
    const job = await importUpload(upload.id);
    expect(job.counters).toMatchObject({ rowsInFile: 3, inserted: 3 });
  });

  it('counts the readable form in the quota, and retention deletes both the workbook and its readable form', async () => {
    const bytes = await contactsWorkbook('Q');
    const before = await storedUploadBytes(handle.db, admin.user.id);
    const upload = await uploaded(bytes, 'quota.xlsx');
    const row = await rowOf(upload.id);
    expect(row.readableBytes).toBeGreaterThan(0);
    expect(await storedUploadBytes(handle.db, admin.user.id)).toBe(before + bytes.length + row.readableBytes);

    // A quota the workbook fits in but not with its readable form: refused, nothing left stored.
    const tight = await storeUpload(handle.db, {
      fileName: 'tight.xlsx', userId: admin.user.id, body: piecesOf(bytes), maxBytes: bytes.length,
      quotaBytes: before + bytes.length + row.readableBytes + bytes.length + 10,
    });
    expect(tight).toMatchObject({ status: 'rejected', errorCode: 'quotaExceeded' });
    expect(await partsOf(tight.id)).toEqual([]);

    const job = await importUpload(upload.id);
    expect(job.status).toBe('completed');
    await handle.db.update(importJobs).set({ finishedAt: new Date(Date.now() - 60 * 86_400_000) }).where(eq(importJobs.uploadId, upload.id));
    await runRetentionCleanup(handle.db, { uploadRetentionHours: 24, jobFileRetentionDays: 30, signInWindowMinutes: 15 });
    expect(await partsOf(upload.id)).toEqual([]);
    expect((await rowOf(upload.id)).fileDeletedAt).not.toBeNull();
    expect(await storedUploadBytes(handle.db, admin.user.id)).toBe(before);
  });
});

describe('workbooks the import cannot read', () => {
  const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
  const oleFile = () => Uint8Array.from([...OLE, ...new Uint8Array(4096).fill(7)]);

  async function refusedUpload(bytes: Uint8Array, fileName: string) {
    const response = await uploadFile(bytes, fileName);
    const body = apiErrorSchema.parse(await response.json());
    expect(response.status).toBe(422);
    const [row] = await handle.db.select().from(uploads).where(eq(uploads.fileName, fileName));
    if (row) {
      expect(row.status).toBe('rejected');
      expect(await handle.db.select().from(uploadChunks).where(eq(uploadChunks.uploadId, row.id))).toEqual([]);
    }
    return body.error;
  }

  it('refuses an Excel 97-2003 workbook, by its content or by its name, saying to save it as .xlsx or CSV', async () => {
    const message = 'This is an Excel 97-2003 workbook (.xls), which the import does not read. Save it as .xlsx or CSV in Excel, and upload that file.';
    expect(await refusedUpload(oleFile(), 'old.xls')).toEqual({ code: 'uploads.xlsNotSupported', message });
    expect(await refusedUpload(oleFile(), 'old-renamed.csv')).toEqual({ code: 'uploads.xlsNotSupported', message });
  });

  it('refuses a password-protected workbook', async () => {
    expect(await refusedUpload(oleFile(), 'secret.xlsx')).toEqual({
      code: 'uploads.workbookEncrypted', message: expect.stringContaining('This workbook is protected by a password'),
    });
  });

  it('refuses a cut or damaged workbook as one that cannot be read, in the caller\'s language', async () => {
    const bytes = await contactsWorkbook('C');
    const cut = bytes.subarray(0, Math.floor(bytes.length / 2));
    expect(await refusedUpload(cut, 'cut.xlsx')).toEqual({
      code: 'uploads.invalidWorkbook', message: expect.stringContaining('cannot be read as an Excel workbook (.xlsx)'),
    });
    const response = await callApi('POST', '/uploads', {
      token, body: Buffer.from('External ID\nnot a workbook\n'),
      headers: { 'Content-Type': XLSX, 'X-File-Name': 'fake.xlsx', 'Accept-Language': 'fr' },
    });
    expect(response.status).toBe(422);
    expect(apiErrorSchema.parse(await response.json()).error).toEqual({
      code: 'uploads.invalidWorkbook', message: expect.stringContaining('ne peut pas être lu comme un classeur Excel (.xlsx)'),
    });
  });
});
