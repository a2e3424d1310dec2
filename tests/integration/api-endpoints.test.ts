import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { DatabaseHandle } from '@/db/client';
import { importJobs, uploads } from '@/db/schema';
import type { OperationContext } from '@/lib/actions/operation';
import { ALL_PERMISSIONS, type Permission } from '@/lib/auth/permissions';
import { apiErrorSchema } from '@/lib/api/openapi-errors';
import * as schemas from '@/lib/api/responses';
import { installJobQueues } from '@/lib/import/jobs/queue/boss';
import { startJobWorker, type JobWorker } from '@/lib/import/jobs/queue/worker';
import { callApi, issueToken, serveAppFrom, type CallOptions } from '../support/api-calls';
import { createActor, homeDivisionId, IMPORTING } from '../support/fixtures';
import { contactsCsv, waitForJob, isEnded } from '../support/job-fixtures';
import { createTestDatabase } from '../support/test-db';

// The API end to end on the route handlers: each answer parsed with the response schema the
// OpenAPI document publishes, so the document cannot say one thing and the server send another.

let handle: DatabaseHandle;
let restore: () => void;
let worker: JobWorker | undefined;
let admin: OperationContext;
let token: string;
let home: string;

async function ok<T>(method: string, path: string, schema: { parse(value: unknown): T }, options: CallOptions = {}, status = 200) {
  const response = await callApi(method, path, { token, ...options });
  const body = await response.json();
  expect(response.status, `${method} ${path}: ${JSON.stringify(body)}`).toBe(status);
  return schema.parse(body);
}

async function refused(method: string, path: string, options: CallOptions, status: number) {
  const response = await callApi(method, path, { token, ...options });
  expect(response.status, `${method} ${path}`).toBe(status);
  return { response, body: apiErrorSchema.parse(await response.json()) };
}

beforeAll(async () => {
  handle = await createTestDatabase();
  restore = serveAppFrom(handle);
  await installJobQueues(handle);
  admin = await createActor(handle.db, ALL_PERMISSIONS);
  token = (await issueToken(admin)).token;
  home = await homeDivisionId(handle.db);
});
afterAll(async () => {
  await worker?.stop();
  restore?.();
  await handle?.close();
});

describe('sources and profiles', () => {
  it('creates, reads, changes, duplicates and deletes them', async () => {
    const source = await ok('POST', '/external-sources', schemas.sourceSchema, { json: { name: 'API CRM' } }, 201);
    const other = await ok('POST', '/external-sources', schemas.sourceSchema, { json: { name: 'Other CRM' } }, 201);
    expect((await refused('POST', '/external-sources', { json: { name: 'api crm' } }, 409)).body.error.code).toBe('nameTaken');
    // A body's id cannot redirect the call: the path names the source.
    const renamed = await ok('PUT', '/external-sources/{id}', schemas.sourceSchema,
      { params: { id: source.id }, json: { id: other.id, name: 'API CRM 2' } });
    expect(renamed).toMatchObject({ id: source.id, name: 'API CRM 2' });
    expect((await ok('GET', '/external-sources/{id}', schemas.sourceSchema, { params: { id: other.id } })).name).toBe('Other CRM');
    expect((await ok('PUT', '/external-sources/{id}/active', schemas.sourceSchema,
      { params: { id: other.id }, json: { active: false } })).active).toBe(false);
    const list = await ok('GET', '/external-sources', schemas.sourceSchema.array());
    expect(list.map((s) => s.name)).toEqual(expect.arrayContaining(['API CRM 2', 'Other CRM']));

    const settings = { externalSourceId: source.id, matchBy: ['externalId'], mergeMode: 'updateFirst', loadType: 'upsert' };
    const profile = await ok('POST', '/import-profiles', schemas.profileSchema, {
      json: { name: 'API profile', ...settings, importFields: ['firstName', 'lastName', 'workEmail'],
        columnMapping: { 'External ID': 'externalId', 'First Name': 'firstName', 'Last Name': 'lastName', 'Work Email': 'workEmail' } },
    }, 201);
    const invalid = await refused('POST', '/import-profiles', { json: { name: '', ...settings } }, 400);
    expect(invalid.body).toMatchObject({ error: { code: 'invalidInput' }, fieldErrors: { name: [{ code: 'required' }] } });
    const updated = await ok('PUT', '/import-profiles/{id}', schemas.profileSchema,
      { params: { id: profile.id }, json: { name: 'API profile', ...settings, defaultCountry: 'FR' } });
    expect(updated).toMatchObject({ defaultCountry: 'FR', columnMapping: profile.columnMapping });
    expect((await ok('GET', '/import-profiles/{id}', schemas.profileDetailSchema, { params: { id: profile.id } })).externalSourceName)
      .toBe('API CRM 2');
    const copy = await ok('POST', '/import-profiles/{id}/duplicate', schemas.duplicatedProfileSchema,
      { params: { id: profile.id }, headers: { 'Accept-Language': 'fr' } }, 201);
    expect(copy.name).toMatch(/^API profile \(copie/);
    expect(await ok('DELETE', '/import-profiles/{id}', schemas.deletedProfileSchema, { params: { id: copy.id } }))
      .toMatchObject({ id: copy.id });
    const names = (await ok('GET', '/import-profiles', schemas.profileListItemSchema.array())).map((p) => p.name);
    expect(names).toContain('API profile');
    expect(names).not.toContain(copy.name);
    expect((await ok('DELETE', '/external-sources/{id}', schemas.deletedSchema, { params: { id: other.id } })).id).toBe(other.id);
  });
});

describe('an import through the API', () => {
  it('uploads, starts with autoContinue, completes, reports, and is found in lists and searches', async () => {
    const [profile] = (await ok('GET', '/import-profiles', schemas.profileListItemSchema.array())).filter((p) => p.name === 'API profile');
    const divisionsSeen = await ok('GET', '/divisions', schemas.divisionSchema.array());
    expect(divisionsSeen[0]).toMatchObject({ id: home, isHome: true });

    const csv = contactsCsv('apirun', 30, 2);
    const upload = await ok('POST', '/uploads', schemas.uploadSummarySchema, {
      body: csv, headers: { 'Content-Type': 'text/csv', 'X-File-Name': encodeURIComponent('api run.csv') },
    }, 201);
    expect(upload).toMatchObject({ fileName: 'api run.csv', rowCount: 30, sizeBytes: Buffer.byteLength(csv) });
    expect((await ok('GET', '/uploads/{id}', schemas.uploadSchema, { params: { id: upload.id } })).status).toBe('ready');
    const preview = await ok('GET', '/uploads/{id}/preview', schemas.uploadPreviewSchema, { params: { id: upload.id }, query: { rows: '2' } });
    expect(preview.rows).toHaveLength(2);

    const started = await ok('POST', '/jobs', schemas.jobSchema, {
      json: { uploadId: upload.id, profileId: profile.id, divisionId: home, description: 'API run', autoContinue: true },
    }, 201);
    expect(started).toMatchObject({ origin: 'api', autoContinue: true, status: 'running', step: 'validating' });
    worker = await startJobWorker(handle, { config: { heartbeatMs: 200, pollingSeconds: 0.5 } });
    await waitForJob(handle.db, started.id, isEnded, 60_000);
    const job = await ok('GET', '/jobs/{id}', schemas.jobSchema, { params: { id: started.id } });
    expect(job).toMatchObject({ status: 'completed', counters: { rowsInFile: 30, imported: 28, notImported: 2, inserted: 28 } });

    expect((await refused('POST', '/jobs/{id}/continue', { params: { id: job.id } }, 409)).body.error.code).toMatch(/^jobs\./);
    await refused('POST', '/jobs/{id}/retry', { params: { id: job.id } }, 409);
    await refused('POST', '/jobs/{id}/cancel', { params: { id: job.id } }, 409);

    const errors = await ok('GET', '/jobs/{id}/errors', schemas.jobErrorsSchema, { params: { id: job.id }, headers: { 'Accept-Language': 'fr' } });
    expect(errors.items.map((e) => e.line)).toEqual([30, 31]);
    expect(errors.items[0].message).toMatch(/courriel/i);
    const report = await callApi('GET', '/jobs/{id}/error-report', { token, params: { id: job.id } });
    expect(report.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await report.text()).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('External ID,First Name,Last Name,Work Email,Line,Error');

    const listed = await ok('GET', '/jobs', schemas.pagedOf(schemas.jobListItemSchema), { query: { status: 'completed', description: 'API run' } });
    expect(listed.items.map((j) => j.id)).toEqual([job.id]);
    const none = await ok('GET', '/jobs', schemas.pagedOf(schemas.jobListItemSchema), { query: { status: 'failed', description: 'API run' } });
    expect(none.total).toBe(0);
    expect((await refused('GET', '/jobs', { query: { status: 'sleeping' } }, 400)).body.fieldErrors).toHaveProperty('status');

    const found = await ok('GET', '/contacts', schemas.contactSearchPageSchema, { query: { q: 'Last apirun', pageSize: '100' } });
    expect(found).toMatchObject({ total: 28, totalIsCapped: false });
    const contact = await ok('GET', '/contacts/{id}', schemas.contactDetailSchema, { params: { id: String(found.items[0].id) } });
    expect(contact.externalIds[0]).toMatchObject({ sourceName: 'API CRM 2' });

    // Delete listed contacts: a job whose profile's load type is deleteListed, with a file of External IDs.
    const [source] = (await ok('GET', '/external-sources', schemas.sourceSchema.array())).filter((s) => s.name === 'API CRM 2');
    const deleting = await ok('POST', '/import-profiles', schemas.profileSchema, {
      json: { name: 'API delete listed', externalSourceId: source.id, matchBy: ['externalId'], mergeMode: 'updateFirst',
        loadType: 'deleteListed', columnMapping: { 'External ID': 'externalId' } },
    }, 201);
    const list = await ok('POST', '/uploads', schemas.uploadSummarySchema, {
      body: 'External ID\r\napirun-1\r\napirun-2\r\napirun-3\r\nnobody-9\r\n', headers: { 'Content-Type': 'text/csv', 'X-File-Name': 'delete.csv' },
    }, 201);
    const deletion = await ok('POST', '/jobs', schemas.jobSchema, {
      json: { uploadId: list.id, profileId: deleting.id, divisionId: home, autoContinue: true },
    }, 201);
    await waitForJob(handle.db, deletion.id, isEnded, 60_000);
    expect(await ok('GET', '/jobs/{id}', schemas.jobSchema, { params: { id: deletion.id } }))
      .toMatchObject({ status: 'completed', counters: { rowsInFile: 4, deleted: 3, unchanged: 1 } });
    expect((await ok('GET', '/contacts', schemas.pagedOf(schemas.contactListItemSchema), { query: { q: 'Last apirun' } })).total).toBe(25);

    // Revert it: the three contacts come back; a second revert is refused.
    const reverted = await ok('POST', '/jobs/{id}/revert', schemas.revertedJobSchema, { params: { id: deletion.id } });
    expect(reverted.summary).toEqual({ deleted: 0, restored: 0, unmerged: 0, undeleted: 3, conflicts: 0 });
    expect(reverted.job.revert?.summary).toEqual(reverted.summary);
    expect((await refused('POST', '/jobs/{id}/revert', { params: { id: deletion.id } }, 409)).body.error.code).toBe('jobs.alreadyReverted');
    expect((await ok('GET', '/contacts', schemas.pagedOf(schemas.contactListItemSchema), { query: { q: 'Last apirun' } })).total).toBe(28);

    // Clear source: the contacts of the source in the division go; the source, in use, cannot be deleted.
    const counts = await ok('GET', '/external-sources/{id}/contact-counts', schemas.sourceContactCountsSchema, { params: { id: source.id } });
    expect(counts.find((c) => c.divisionId === home)?.count).toBe(28);
    expect((await refused('DELETE', '/external-sources/{id}', { params: { id: source.id } }, 409)).body.error.code).toBe('sourceInUse');
    await refused('POST', '/external-sources/{id}/clear', { params: { id: source.id }, json: { divisionId: home } }, 400);
    expect(await ok('POST', '/external-sources/{id}/clear', schemas.clearedSchema,
      { params: { id: source.id }, json: { divisionId: home, confirm: true } })).toEqual({ deleted: 28 });
    expect((await ok('GET', '/contacts', schemas.pagedOf(schemas.contactListItemSchema), { query: { q: 'Last apirun' } })).total).toBe(0);
  });
});

describe('what a caller may not see or send', () => {
  it('answers 404 for another user\'s job, and 403 for acting on behalf of someone without importJob:viewAll', async () => {
    // The upsert job of the test above: a job of the delete-listed profile would be refused for contact:delete first.
    const [job] = await handle.db.select().from(importJobs).where(eq(importJobs.description, 'API run'));
    const viewer = await createActor(handle.db, ['externalContacts:importJob:view', 'externalContacts:importJob:add',
      'externalContacts:importSettings:viewAll', 'externalContacts:importCsvUpload:add', ...IMPORTING] satisfies Permission[]);
    const viewerToken = (await issueToken(viewer)).token;
    const response = await callApi('GET', '/jobs/{id}', { token: viewerToken, params: { id: job.id } });
    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe('notFound');
    // Acting on behalf of someone needs importJob:viewAll in the division: 403, and no job.
    const upload = await ok('POST', '/uploads', schemas.uploadSummarySchema, {
      token: viewerToken, body: contactsCsv('behalf', 2), headers: { 'Content-Type': 'text/csv', 'X-File-Name': 'behalf.csv' },
    }, 201);
    const jobsBefore = (await handle.db.select().from(importJobs)).length;
    const input = { uploadId: upload.id, profileId: job.profileId, divisionId: home, onBehalfOf: admin.user.id };
    expect((await refused('POST', '/jobs', { token: viewerToken, json: input }, 403)).body.error.code).toBe('forbidden');
    expect(await handle.db.select().from(importJobs)).toHaveLength(jobsBefore);
    // The admin may, and the job records whom it ran for.
    const adminUpload = await ok('POST', '/uploads', schemas.uploadSummarySchema, {
      body: contactsCsv('behalf2', 2), headers: { 'Content-Type': 'text/csv', 'X-File-Name': 'behalf.csv' },
    }, 201);
    const started = await ok('POST', '/jobs', schemas.jobSchema, { json: { ...input, uploadId: adminUpload.id, onBehalfOf: viewer.user.id } }, 201);
    const [row] = await handle.db.select().from(importJobs).where(eq(importJobs.id, started.id));
    expect(row).toMatchObject({ onBehalfOf: viewer.user.id, requestedBy: admin.user.id, origin: 'api' });
  });

  it('refuses an over-size upload with 413 while it streams, storing no content', async () => {
    const before = await handle.db.select().from(uploads);
    process.env.UPLOAD_MAX_BYTES = '64';
    try {
      const { body } = await refused('POST', '/uploads', {
        body: contactsCsv('big', 10), headers: { 'Content-Type': 'text/csv', 'X-File-Name': 'big.csv', 'Accept-Language': 'fr' },
      }, 413);
      expect(body.error.code).toBe('uploads.fileTooLarge');
      expect(body.error.message).toMatch(/Mo|MB/);
    } finally {
      delete process.env.UPLOAD_MAX_BYTES;
    }
    const after = await handle.db.select().from(uploads);
    expect(after.filter((u) => u.status === 'ready')).toHaveLength(before.filter((u) => u.status === 'ready').length);
  });

  it('answers 429 with Retry-After past the token\'s rate limit, other tokens going on', async () => {
    const busy = (await issueToken(admin)).token;
    const calm = (await issueToken(admin)).token;
    process.env.API_RATE_LIMIT_PER_MINUTE = '2';
    try {
      const statuses = [];
      for (let i = 0; i < 3; i += 1) statuses.push((await callApi('GET', '/divisions', { token: busy })).status);
      expect(statuses).toEqual([200, 200, 429]);
      const limited = await callApi('GET', '/divisions', { token: busy });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      expect(limited.headers.get('ratelimit-remaining')).toBe('0');
      expect(apiErrorSchema.parse(await limited.json()).error.code).toBe('api.rateLimited');
      expect((await callApi('GET', '/divisions', { token: calm })).status).toBe(200);
    } finally {
      delete process.env.API_RATE_LIMIT_PER_MINUTE;
    }
  });
});
