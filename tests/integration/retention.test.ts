import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq, inArray, sql } from 'drizzle-orm';
import type { DatabaseHandle } from '@/db/client';
import { importJobs, jobRowErrors, signInAttempts, uploadChunks, uploads, type JobStatus, type JobStep } from '@/db/schema';
import { executeOperation, type OperationContext } from '@/lib/actions/operation';
import { ALL_PERMISSIONS } from '@/lib/auth/permissions';
import { getTranslator } from '@/lib/i18n/translator';
import { runRetentionCleanup, readRetentionConfig } from '@/lib/import/upload/cleanup';
import { readConfig } from '@/lib/config';
import { uploadCsvFile } from '@/lib/import/upload/operations';
import { retryImportJob, startImportJob } from '@/lib/import/jobs/operations';
import { toJobView } from '@/lib/import/jobs/job-view';
import { installJobQueues } from '@/lib/import/jobs/queue/boss';
import { createTestDatabase } from '../support/test-db';
import { createActor, homeDivisionId } from '../support/fixtures';
import { callApi, issueToken, serveAppFrom } from '../support/api-calls';
import { contactsCsv, createProfile, createReadyUpload } from '../support/job-fixtures';
import { findJobDetails } from '@/db/queries/job-reports';
import { JobFacts } from '@/components/import/wizard/run/job-facts';

// The job page's facts render outside a request: the page's language is set here instead.
const page = vi.hoisted(() => ({ locale: 'en' as 'en' | 'fr' }));
vi.mock('@/app/_server/i18n', async () => {
  const { getTranslator: translator } = await import('@/lib/i18n/translator');
  return { getRequestLocale: async () => page.locale, getServerT: async () => translator(page.locale) };
});

let handle: DatabaseHandle;
let user: OperationContext;
let divisionId: string;
let profileId: string;
const HOUR = 3600_000;
const DAY = 24 * HOUR;

beforeAll(async () => {
  handle = await createTestDatabase();
  await installJobQueues(handle);
  divisionId = await homeDivisionId(handle.db);
  // Every permission: what is refused here is refused for the file, not for the caller.
  user = await createActor(handle.db, ALL_PERMISSIONS);
  profileId = (await createProfile(handle.db)).id;
});
afterAll(async () => handle?.close());

const ago = (ms: number) => new Date(Date.now() - ms);

async function upload(tag: string, createdAgo = 0) {
  const stored = await createReadyUpload(handle.db, user.user.id, contactsCsv(tag, 3), `${tag}.csv`);
  if (createdAgo) await handle.db.update(uploads).set({ createdAt: ago(createdAgo) }).where(eq(uploads.id, stored.id));
  return stored;
}

/** A job row in a given state, as the worker would have left it (no worker runs in this file). */
async function job(uploadId: string, status: JobStatus, step: JobStep | null, finishedAgo?: number) {
  const [row] = await handle.db.insert(importJobs).values({
    uploadId, profileId, profileSnapshot: {}, divisionId, requestedBy: user.user.id, status, step,
    rowsInFile: 3, validRows: 2, invalidRows: 1, errorCode: status === 'failed' ? 'importFailed' : null,
    createdAt: ago(60 * DAY), finishedAt: finishedAgo === undefined ? null : ago(finishedAgo),
  }).returning();
  await handle.db.insert(jobRowErrors).values({ jobId: row.id, line: 4, code: 'invalidEmail', row: ['x'] });
  return row;
}

const chunkCount = async (uploadId: string) => (await handle.db.select().from(uploadChunks)
  .where(eq(uploadChunks.uploadId, uploadId))).length;
const uploadRow = async (uploadId: string) => (await handle.db.select().from(uploads).where(eq(uploads.id, uploadId)))[0];

describe('retention cleanup', () => {
  it('deletes unused uploads after UPLOAD_RETENTION_HOURS, never one a job uses or a newer one', async () => {
    const old = await upload('old-unused', 25 * HOUR);
    const rejected = await storeRejected(25 * HOUR);
    const fresh = await upload('fresh-unused', 23 * HOUR);
    const forValidated = await upload('validated', 40 * DAY);
    await job(forValidated.id, 'running', 'validated');
    const forRunning = await upload('running', 40 * DAY);
    await job(forRunning.id, 'running', 'importing');
    expect(await chunkCount(old.id)).toBeGreaterThan(0);

    const done = await runRetentionCleanup(handle.db);
    expect(done.uploadsDeleted).toBeGreaterThanOrEqual(2);
    expect(await uploadRow(old.id)).toBeUndefined();
    expect(await chunkCount(old.id)).toBe(0);
    expect(await uploadRow(rejected)).toBeUndefined();
    for (const kept of [fresh, forValidated, forRunning]) {
      expect(await uploadRow(kept.id)).toMatchObject({ fileDeletedAt: null });
      expect(await chunkCount(kept.id)).toBeGreaterThan(0);
    }

    // A shorter retention from the environment takes the fresh one too.
    await runRetentionCleanup(handle.db, readRetentionConfig(readConfig({ UPLOAD_RETENTION_HOURS: '22' })));
    expect(await uploadRow(fresh.id)).toBeUndefined();
  });

  it('deletes the file of jobs that ended JOB_FILE_RETENTION_DAYS ago, keeping the job, its errors and the upload row', async () => {
    const completed = await upload('completed');
    const completedJob = await job(completed.id, 'completed', 'importing', 31 * DAY);
    const recent = await upload('recent');
    await job(recent.id, 'cancelled', 'validated', 29 * DAY);
    // One upload, two jobs: the second still runs, so the file stays.
    const shared = await upload('shared');
    await job(shared.id, 'completed', 'importing', 40 * DAY);
    await job(shared.id, 'running', 'validating');

    await runRetentionCleanup(handle.db);
    expect(await chunkCount(completed.id)).toBe(0);
    expect((await uploadRow(completed.id)).fileDeletedAt).toBeInstanceOf(Date);
    const [kept] = await handle.db.select().from(importJobs).where(eq(importJobs.id, completedJob.id));
    expect(kept).toMatchObject({ status: 'completed', rowsInFile: 3, validRows: 2, invalidRows: 1, uploadId: completed.id });
    expect(await handle.db.select().from(jobRowErrors).where(eq(jobRowErrors.jobId, completedJob.id))).toHaveLength(1);
    const view = await toJobView(handle.db, user, kept);
    expect(view).toMatchObject({ fileName: 'completed.csv' });
    expect(view.fileDeletedAt).toBeInstanceOf(Date);
    // The job page says so, in the reader's language.
    const details = (await findJobDetails(handle.db, kept.id))!;
    for (const [locale, words] of [['en', 'The stored file was deleted on'], ['fr', 'Le fichier stocké a été supprimé le']] as const) {
      page.locale = locale;
      const html = renderToStaticMarkup(await JobFacts({ job: view, details }));
      expect(html).toContain('completed.csv');
      expect(html).toContain(words);
    }
    const keptView = await toJobView(handle.db, user, (await handle.db.select().from(importJobs)
      .where(eq(importJobs.uploadId, recent.id)))[0]);
    expect(renderToStaticMarkup(await JobFacts({ job: keptView, details }))).not.toContain('supprimé');
    for (const stays of [recent, shared]) {
      expect(await chunkCount(stays.id)).toBeGreaterThan(0);
      expect((await uploadRow(stays.id)).fileDeletedAt).toBeNull();
    }

    // Starting a new job on a file that is gone is refused in words, not with a database error.
    const again = await executeOperation(startImportJob, { uploadId: completed.id, profileId, divisionId }, user);
    expect(again).toMatchObject({ ok: false, status: 409, error: { key: 'jobs.errors.fileGone' } });
  });

  it('keeps a failed job\'s file for retries until retention, then Retry says the file is gone', async () => {
    const young = await upload('failed-young');
    const youngJob = await job(young.id, 'failed', 'validating', 2 * DAY);
    const old = await upload('failed-old');
    const oldJob = await job(old.id, 'failed', 'validating', 31 * DAY);

    await runRetentionCleanup(handle.db);
    expect(await chunkCount(young.id)).toBeGreaterThan(0);
    expect(await chunkCount(old.id)).toBe(0);

    const refused = await executeOperation(retryImportJob, { id: oldJob.id }, user);
    expect(refused).toMatchObject({ ok: false, status: 409, error: { key: 'jobs.errors.fileGone' } });
    expect((await handle.db.select().from(importJobs).where(eq(importJobs.id, oldJob.id)))[0].status).toBe('failed');
    for (const locale of ['en', 'fr'] as const) {
      const text = getTranslator(locale)('jobs.errors.fileGone');
      expect(text).not.toBe('jobs.errors.fileGone');
      expect(text.length).toBeGreaterThan(20);
    }

    const retried = await executeOperation(retryImportJob, { id: youngJob.id }, user);
    expect(retried).toMatchObject({ ok: true, data: { status: 'running' } });
  });

  it('deletes sign-in attempts older than their window and keeps the others', async () => {
    const email = `retention-${Date.now()}@example.test`;
    const window = readRetentionConfig().signInWindowMinutes * 60_000;
    await handle.db.insert(signInAttempts).values([
      { email, ip: '10.0.0.1', succeeded: false, createdAt: ago(window + 60_000) },
      { email, ip: '10.0.0.1', succeeded: false, createdAt: ago(2 * DAY) },
      { email, ip: '10.0.0.1', succeeded: false, createdAt: ago(60_000) },
    ]);
    const done = await runRetentionCleanup(handle.db);
    expect(done.signInAttemptsDeleted).toBeGreaterThanOrEqual(2);
    const left = await handle.db.select().from(signInAttempts).where(eq(signInAttempts.email, email));
    expect(left).toHaveLength(1);
    expect(left[0].createdAt.getTime()).toBeGreaterThan(Date.now() - 5 * 60_000);
  });
});

async function storeRejected(createdAgo: number): Promise<string> {
  async function* body() { yield new TextEncoder().encode(''); }
  const { storeUpload } = await import('@/lib/import/upload/store-upload');
  const stored = await storeUpload(handle.db, { fileName: 'empty.csv', userId: user.user.id, body: body(), maxBytes: 1000 });
  expect(stored.status).toBe('rejected');
  await handle.db.update(uploads).set({ createdAt: ago(createdAgo) }).where(eq(uploads.id, stored.id));
  return stored.id;
}

describe('upload quota', () => {
  const saved = process.env.UPLOAD_QUOTA_BYTES;
  afterEach(() => {
    if (saved === undefined) delete process.env.UPLOAD_QUOTA_BYTES;
    else process.env.UPLOAD_QUOTA_BYTES = saved;
  });

  async function* bodyOf(text: string) { yield new TextEncoder().encode(text); }

  it('refuses a file that would take a user past UPLOAD_QUOTA_BYTES, with a translated 413, and frees room as files go', async () => {
    const owner = await createActor(handle.db, ['externalContacts:importCsvUpload:add', 'externalContacts:importCsvUpload:view']);
    const other = await createActor(handle.db, ['externalContacts:importCsvUpload:add']);
    const csv = contactsCsv('quota', 20);
    const size = Buffer.byteLength(csv);
    process.env.UPLOAD_QUOTA_BYTES = String(Math.floor(size * 2.5));

    const first = await executeOperation(uploadCsvFile, { fileName: 'one.csv', body: bodyOf(csv), declaredBytes: size }, owner);
    const second = await executeOperation(uploadCsvFile, { fileName: 'two.csv', body: bodyOf(csv), declaredBytes: size }, owner);
    expect(first.ok && second.ok).toBe(true);
    const third = await executeOperation(uploadCsvFile, { fileName: 'three.csv', body: bodyOf(csv), declaredBytes: size }, owner);
    expect(third).toMatchObject({ ok: false, status: 413, error: { key: 'uploads.errors.quotaExceeded' } });
    const params = !third.ok ? third.error.params ?? {} : {};
    for (const locale of ['en', 'fr'] as const) {
      const text = getTranslator(locale)('uploads.errors.quotaExceeded', params);
      expect(text).toMatch(/\d/);
      expect(text).not.toContain('uploads.errors');
    }
    const refusedRows = await handle.db.select().from(uploads)
      .where(sql`${uploads.uploadedBy} = ${owner.user.id} and ${uploads.fileName} = 'three.csv'`);
    expect(refusedRows).toMatchObject([{ status: 'rejected', errorCode: 'quotaExceeded' }]);
    expect(await chunkCount(refusedRows[0].id)).toBe(0);

    // Another user's room is their own.
    const theirs = await executeOperation(uploadCsvFile, { fileName: 'theirs.csv', body: bodyOf(csv), declaredBytes: size }, other);
    expect(theirs.ok).toBe(true);

    // Through the REST API: the same refusal with a stable code.
    const restore = serveAppFrom(handle);
    try {
      const { token } = await issueToken(owner);
      const response = await callApi('POST', '/uploads', {
        token, body: csv, headers: { 'Content-Type': 'text/csv', 'X-File-Name': 'api.csv' },
      });
      expect(response.status).toBe(413);
      expect((await response.json()).error).toMatchObject({ code: 'uploads.quotaExceeded' });
    } finally {
      restore();
    }

    // Once retention deleted the unused uploads, there is room again.
    await handle.db.update(uploads).set({ createdAt: ago(2 * DAY) }).where(eq(uploads.uploadedBy, owner.user.id));
    await runRetentionCleanup(handle.db);
    expect(await handle.db.select().from(uploads).where(eq(uploads.uploadedBy, owner.user.id))).toHaveLength(0);
    const after = await executeOperation(uploadCsvFile, { fileName: 'four.csv', body: bodyOf(csv), declaredBytes: size }, owner);
    expect(after.ok).toBe(true);
  });

  it('counts a file whose content retention deleted as free room', async () => {
    const owner = await createActor(handle.db, ['externalContacts:importCsvUpload:add']);
    const csv = contactsCsv('room', 10);
    const size = Buffer.byteLength(csv);
    process.env.UPLOAD_QUOTA_BYTES = String(size + 10);
    const first = await executeOperation(uploadCsvFile, { fileName: 'a.csv', body: bodyOf(csv), declaredBytes: size }, owner);
    expect(first.ok).toBe(true);
    const refused = await executeOperation(uploadCsvFile, { fileName: 'b.csv', body: bodyOf(csv) }, owner);
    expect(refused).toMatchObject({ ok: false, status: 413, error: { key: 'uploads.errors.quotaExceeded' } });
    if (!first.ok) return;
    await job(first.data.id, 'completed', 'importing', 31 * DAY);
    await runRetentionCleanup(handle.db);
    expect(await chunkCount(first.data.id)).toBe(0);
    const accepted = await executeOperation(uploadCsvFile, { fileName: 'c.csv', body: bodyOf(csv) }, owner);
    expect(accepted.ok).toBe(true);
    const ids = (await handle.db.select({ id: uploads.id }).from(uploads).where(inArray(uploads.fileName, ['c.csv']))).map((r) => r.id);
    expect(ids.length).toBeGreaterThan(0);
  });
});
