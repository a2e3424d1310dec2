import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { queryRows, type DatabaseHandle } from '@/db/client';
import { auditLog, divisions, notifications } from '@/db/schema';
import { executeOperation, type OperationContext } from '@/lib/actions/operation';
import type { Permission } from '@/lib/auth/permissions';
import { importSteps } from '@/lib/import/jobs/steps/steps';
import { createBoss, installJobQueues } from '@/lib/import/jobs/queue/boss';
import { cancelJob, continueJob, createImportJob, retryJob } from '@/lib/import/jobs/lifecycle';
import {
  cancelImportJob, continueImportJob, getImportJob, retryImportJob, startImportJob,
} from '@/lib/import/jobs/operations';
import { STEP_QUEUES } from '@/lib/import/jobs/queue/queues';
import { startJobWorker, type JobWorker, type JobWorkerOptions } from '@/lib/import/jobs/queue/worker';
import { createActor, IMPORTING } from '../support/fixtures';
import {
  contactsCsv, createProfile, createReadyUpload, isEnded, observedSteps, openSecondPool, readJob, waitForJob,
} from '../support/job-fixtures';
import { createTestDatabase, testDriver } from '../support/test-db';

const FAST = { heartbeatMs: 200, pollingSeconds: 0.5 };
const ALL_JOB_PERMISSIONS: Permission[] = [
  'externalContacts:importJob:add', 'externalContacts:importJob:edit',
  'externalContacts:importJob:view', 'externalContacts:importJob:viewAll', ...IMPORTING,
];

let handle: DatabaseHandle;
let divisionId: string;
let otherDivisionId: string;
let owner: OperationContext;
let profileId: string;
const workers: JobWorker[] = [];
const extraHandles: DatabaseHandle[] = [];

/** Contacts the job recorded: those it created (runs of ids) plus its change records. */
async function recordedContacts(jobId: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(handle.db, sql`
    select (select coalesce(sum(last_id - first_id + 1), 0) from job_created_contacts where job_id = ${jobId})
      + (select count(*) from job_contact_changes where job_id = ${jobId}) as n`);
  return Number(row.n);
}

async function worker(options: JobWorkerOptions = {}, on: DatabaseHandle = handle) {
  const started = await startJobWorker(on, { ...options, config: { ...FAST, ...options.config } });
  workers.push(started);
  return started;
}

/** A job of `rows` contacts through the start operation, as the wizard does. */
async function startJob(actor: OperationContext, rows: number, extra: { invalid?: number; autoContinue?: boolean } = {}) {
  const tag = Math.random().toString(36).slice(2, 8);
  const upload = await createReadyUpload(handle.db, actor.user.id, contactsCsv(tag, rows, extra.invalid ?? 0));
  const result = await executeOperation(startImportJob, {
    uploadId: upload.id, profileId, divisionId, description: `Job ${tag}`, autoContinue: extra.autoContinue ?? false,
  }, actor);
  if (!result.ok) throw new Error(`start refused: ${JSON.stringify(result)}`);
  return result.data;
}

beforeAll(async () => {
  handle = await createTestDatabase();
  const [a, b] = await handle.db.insert(divisions).values([{ name: 'Jobs runner A' }, { name: 'Jobs runner B' }]).returning();
  divisionId = a.id;
  otherDivisionId = b.id;
  // importSettings:viewAll: the profiles of these tests are nobody's, and a job needs a visible profile.
  owner = await createActor(handle.db, ['externalContacts:importJob:add', 'externalContacts:importJob:edit',
    'externalContacts:importJob:view', 'externalContacts:contact:view', 'externalContacts:importSettings:viewAll', ...IMPORTING], divisionId);
  profileId = (await createProfile(handle.db)).id;
  // Jobs can be queued once the queues exist (a worker's start creates them too).
  await installJobQueues(handle);
});

afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()));
});

afterAll(async () => {
  await Promise.all(extraHandles.map((h) => h.close()));
  await handle?.close();
});

describe('lifecycle without a worker', () => {
  it('starts a job running at validating, with its profile frozen and its validation queued once', async () => {
    const job = await startJob(owner, 3);
    expect(job).toMatchObject({ status: 'running', step: 'validating', description: expect.stringMatching(/^Job /) });
    const row = await readJob(handle.db, job.id);
    expect(row).toMatchObject({ requestedBy: owner.user.id, origin: 'wizard', divisionId, autoContinue: false });
    expect(row.profileSnapshot).toMatchObject({ matchBy: ['externalId'], loadType: 'upsert' });
    expect(row.startedAt).not.toBeNull();
    const queued = await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from pgboss.job
      where name = ${STEP_QUEUES.validating} and singleton_key = ${`${job.id}:validating`} and state = 'created'`);
    expect(queued[0].n).toBe(1);
    const [audit] = await handle.db.select().from(auditLog).where(eq(auditLog.targetId, job.id));
    expect(audit).toMatchObject({ action: 'importJob.start', actorUserId: owner.user.id });
  });

  it('refuses continue before validation, cancel of an ended job, and retry of anything but a failed job', async () => {
    const job = await startJob(owner, 2);
    expect(await executeOperation(continueImportJob, { id: job.id }, owner))
      .toMatchObject({ ok: false, status: 409, error: { key: 'jobs.errors.notValidated' } });
    expect(await executeOperation(retryImportJob, { id: job.id }, owner))
      .toMatchObject({ ok: false, status: 409, error: { key: 'jobs.errors.notRetryable' } });
    expect(await executeOperation(cancelImportJob, { id: job.id }, owner))
      .toMatchObject({ ok: true, data: { status: 'cancelled', step: 'validating' } });
    const cancelled = await readJob(handle.db, job.id);
    expect(cancelled.finishedAt).not.toBeNull();
    expect(await executeOperation(cancelImportJob, { id: job.id }, owner))
      .toMatchObject({ ok: false, status: 409, error: { key: 'jobs.errors.notCancellable' } });
    expect(await executeOperation(retryImportJob, { id: job.id }, owner))
      .toMatchObject({ ok: false, status: 409, error: { key: 'jobs.errors.notRetryable' } });
    expect(await executeOperation(continueImportJob, { id: job.id }, owner))
      .toMatchObject({ ok: false, status: 409, error: { key: 'jobs.errors.notValidated' } });
    expect(await readJob(handle.db, job.id)).toEqual(cancelled);
  });

  it('lets one of two concurrent transitions win', async () => {
    const job = await startJob(owner, 2);
    const outcomes = await Promise.allSettled([cancelJob(handle.db, job.id), cancelJob(handle.db, job.id)]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    await expect(continueJob(handle.db, job.id)).rejects.toMatchObject({ key: 'jobs.errors.notValidated', status: 409 });
    await expect(retryJob(handle.db, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ status: 404 });
  });

  it('refuses a profile without an external source and an upload that is not ready or not the caller’s', async () => {
    const jobCount = async () => (await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from import_jobs`))[0].n;
    const before = await jobCount();
    const upload = await createReadyUpload(handle.db, owner.user.id, contactsCsv('x', 1));
    const someone = await createActor(handle.db, ['externalContacts:importJob:add', ...IMPORTING], divisionId);
    const input = { uploadId: upload.id, profileId, divisionId, description: 'x' };
    expect(await executeOperation(startImportJob, input, someone))
      .toMatchObject({ ok: false, status: 404, fieldErrors: { uploadId: [{ key: 'errors.notFound' }] } });
    expect(await executeOperation(startImportJob, { ...input, divisionId: otherDivisionId }, owner))
      .toMatchObject({ ok: false, status: 403 });
    const [noSource] = await queryRows<{ id: string }>(handle.db,
      sql`insert into import_profiles (name) values (${`No source ${Date.now()}`}) returning id`);
    expect(await executeOperation(startImportJob, { ...input, profileId: noSource.id }, owner))
      .toMatchObject({ ok: false, status: 400, error: { key: 'jobs.errors.profileWithoutSource' } });
    await handle.db.execute(sql`update uploads set status = 'rejected' where id = ${upload.id}`);
    expect(await executeOperation(startImportJob, input, owner))
      .toMatchObject({ ok: false, status: 409, error: { key: 'jobs.errors.uploadNotReady' } });
    expect(await jobCount()).toBe(before);
  });

  it('shows and lets edit a job only to its owner and to importJob:viewAll holders of its division', async () => {
    const job = await startJob(owner, 1);
    const stranger = await createActor(handle.db, ALL_JOB_PERMISSIONS.filter((p) => !p.endsWith('viewAll')), divisionId);
    const supervisorElsewhere = await createActor(handle.db, ALL_JOB_PERMISSIONS, otherDivisionId);
    const supervisor = await createActor(handle.db, ALL_JOB_PERMISSIONS, divisionId);
    const viewer = await createActor(handle.db, ['externalContacts:importJob:viewAll'], divisionId);
    for (const actor of [stranger, supervisorElsewhere]) {
      expect(await executeOperation(getImportJob, { id: job.id }, actor)).toMatchObject({ ok: false, status: 404 });
      expect(await executeOperation(cancelImportJob, { id: job.id }, actor)).toMatchObject({ ok: false, status: 404 });
    }
    expect(await executeOperation(cancelImportJob, { id: job.id }, viewer)).toMatchObject({ ok: false, status: 403 });
    expect(await executeOperation(getImportJob, { id: job.id }, viewer))
      .toMatchObject({ ok: true, data: { id: job.id, status: 'running', progress: { done: 0, total: 0 } } });
    expect(await executeOperation(getImportJob, { id: job.id }, owner)).toMatchObject({ ok: true });
    expect((await readJob(handle.db, job.id)).status).toBe('running');
    expect(await executeOperation(cancelImportJob, { id: job.id }, supervisor))
      .toMatchObject({ ok: true, data: { status: 'cancelled' } });
  });
});

describe('worker with the real steps', () => {
  it('validates, stops at validated, imports on continue, and counts and notifies', async () => {
    const { steps, calls } = observedSteps();
    await worker({ steps });
    const job = await startJob(owner, 5, { invalid: 1 });
    const validated = await waitForJob(handle.db, job.id, (j) => j.step === 'validated' || isEnded(j));
    expect(validated).toMatchObject({
      status: 'running', step: 'validated', rowsInFile: 5, validRows: 4, invalidRows: 1, progressDone: 5, progressTotal: 5,
    });
    expect(await executeOperation(continueImportJob, { id: job.id }, owner))
      .toMatchObject({ ok: true, data: { status: 'running', step: 'importing' } });
    const done = await waitForJob(handle.db, job.id, isEnded);
    expect(done).toMatchObject({
      status: 'completed', step: 'importing', rowsInFile: 5, imported: 4, notImported: 1, failed: 1, inserted: 4,
      updated: 0, unchanged: 0, deleted: 0, errorCode: null, heartbeatAt: null,
    });
    expect(done.finishedAt).not.toBeNull();
    expect(done.progressDone).toBe(done.progressTotal);
    expect(calls.validate.get(job.id)).toBe(1);
    expect(calls.importRows.get(job.id)).toBe(1);
    const notes = await handle.db.select().from(notifications).where(eq(notifications.jobId, job.id));
    expect(notes).toMatchObject([{ userId: owner.user.id, kind: 'importCompleted', params: { description: job.description } }]);
    const view = await executeOperation(getImportJob, { id: job.id }, owner);
    expect(view).toMatchObject({
      ok: true, data: { status: 'completed', counters: { rowsInFile: 5, imported: 4, notImported: 1, inserted: 4 }, error: null },
    });
  });

  it('goes straight on to the import when the job asks to continue by itself', async () => {
    await worker();
    const job = await startJob(owner, 3, { autoContinue: true });
    const done = await waitForJob(handle.db, job.id, isEnded);
    expect(done).toMatchObject({ status: 'completed', imported: 3, inserted: 3, notImported: 0 });
  });

  it('cancels a validated job without importing anything', async () => {
    await worker();
    const job = await startJob(owner, 3);
    await waitForJob(handle.db, job.id, (j) => j.step === 'validated');
    expect(await executeOperation(cancelImportJob, { id: job.id }, owner))
      .toMatchObject({ ok: true, data: { status: 'cancelled', step: 'validated', counters: { imported: 0, notImported: 3 } } });
    expect(await recordedContacts(job.id)).toBe(0);
    expect(await handle.db.select().from(notifications).where(eq(notifications.jobId, job.id))).toHaveLength(0);
  });

  it('cancels during the validation: the import never runs and no contact changes', async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => { release = resolve; });
    let reached: () => void = () => {};
    const validating = new Promise<void>((resolve) => { reached = resolve; });
    const { steps, calls } = observedSteps({
      async onValidateProgress() {
        reached();
        await held;
      },
    });
    await worker({ steps });
    const contactsBefore = await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from contacts`);
    // Asked to go straight on to the import: only the cancel stops it.
    const job = await startJob(owner, 5, { autoContinue: true });
    await validating;
    expect(await executeOperation(cancelImportJob, { id: job.id }, owner))
      .toMatchObject({ ok: true, data: { status: 'cancelled', step: 'validating' } });
    release();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await readJob(handle.db, job.id)).toMatchObject({ status: 'cancelled', imported: 0, inserted: 0 });
    expect(calls.importRows.get(job.id) ?? 0).toBe(0);
    expect(await recordedContacts(job.id)).toBe(0);
    expect(await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from contacts`)).toEqual(contactsBefore);
  });

  it('cancels mid-import after the current batch; what was committed stays and is counted', async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => { release = resolve; });
    const reached = new Promise<void>((resolve) => {
      const { steps } = observedSteps({
        async onImportProgress(_jobId, options) {
          resolve();
          // A slow batch: the step is held after its first commit until the job is cancelled.
          await Promise.race([held, new Promise((r) => options.signal.addEventListener('abort', r, { once: true }))]);
        },
      });
      void worker({ steps });
    });
    const job = await startJob(owner, 4, { autoContinue: true });
    await reached;
    // As another process would: only the row changes, the heartbeat's look at it stops the step.
    await handle.db.execute(sql`update import_jobs set status = 'cancelled', finished_at = now() where id = ${job.id}`);
    const ended = await waitForJob(handle.db, job.id, (j) => j.status === 'cancelled' && j.imported > 0);
    release();
    expect(ended).toMatchObject({ status: 'cancelled', step: 'importing', inserted: 4, imported: 4, notImported: 0 });
    expect(await recordedContacts(job.id)).toBe(4);
    await new Promise((r) => setTimeout(r, 300));
    expect((await readJob(handle.db, job.id)).status).toBe('cancelled');
  });

  it('fails with a stable code and a notification, then retries the failed step', async () => {
    const job = await startJob(owner, 2);
    const row = await readJob(handle.db, job.id);
    // The file goes missing under the validation: it fails; put back, a retry validates it.
    await handle.db.execute(sql`update uploads set status = 'rejected' where id = ${row.uploadId}`);
    await worker();
    const failed = await waitForJob(handle.db, job.id, isEnded);
    expect(failed).toMatchObject({ status: 'failed', step: 'validating', errorCode: 'validationFailed' });
    // The error's own text ("... not ready") is in the server log only: the job keeps the code's message.
    expect(failed.errorMessage).toMatch(/could not be validated/);
    expect(failed.errorMessage).not.toMatch(/not ready/);
    expect(await handle.db.select().from(notifications).where(and(eq(notifications.jobId, job.id))))
      .toMatchObject([{ kind: 'importFailed', userId: owner.user.id }]);
    const plain = await executeOperation(getImportJob, { id: job.id }, owner);
    expect(plain).toMatchObject({ ok: true, data: { error: { code: 'validationFailed', message: expect.stringMatching(/could not be validated/) } } });
    await handle.db.execute(sql`update uploads set status = 'ready' where id = ${row.uploadId}`);
    expect(await executeOperation(retryImportJob, { id: job.id }, owner))
      .toMatchObject({ ok: true, data: { status: 'running', step: 'validating', error: null } });
    await waitForJob(handle.db, job.id, (j) => j.step === 'validated');
    await executeOperation(continueImportJob, { id: job.id }, owner);
    expect(await waitForJob(handle.db, job.id, isEnded)).toMatchObject({ status: 'completed', imported: 2 });
  });

  it('fails a job whose counters do not add up instead of showing them as final', async () => {
    const buggy = {
      ...importSteps,
      importRows: async (...args: Parameters<typeof importSteps.importRows>) => {
        const outcome = await importSteps.importRows(...args);
        return { ...outcome, inserted: outcome.inserted + 1 };
      },
    };
    await worker({ steps: buggy });
    const job = await startJob(owner, 2, { autoContinue: true });
    const failed = await waitForJob(handle.db, job.id, isEnded);
    expect(failed).toMatchObject({ status: 'failed', errorCode: 'countersInvariant', inserted: 3, imported: 3 });
    expect(failed.errorMessage).toMatch(/counts do not add up/);
    expect(await executeOperation(retryImportJob, { id: job.id }, owner))
      .toMatchObject({ ok: false, status: 409, error: { key: 'jobs.errors.notRetryable' } });
    const supervisor = await createActor(handle.db, ALL_JOB_PERMISSIONS, divisionId);
    expect(await executeOperation(getImportJob, { id: job.id }, supervisor))
      .toMatchObject({ ok: true, data: { error: { code: 'countersInvariant', message: expect.stringMatching(/counts do not add up/) } } });
  });
});

describe('one database connection shared (PGlite) or not', () => {
  it('keeps queue polling and maintenance going while an import holds a long transaction', async () => {
    const dropProfile = await createProfile(handle.db, 'dropAndInsert');
    let inside: () => void = () => {};
    const heldInside = new Promise<void>((resolve) => { inside = resolve; });
    const { steps } = observedSteps({
      async onImportProgress(jobId) {
        if (jobId !== slowId) return;
        inside();
        // Drop and insert is one transaction: on PGlite nothing else runs until it ends.
        await new Promise((r) => setTimeout(r, 1500));
      },
    });
    await worker({ steps, config: { concurrency: 2 } });
    const upload = await createReadyUpload(handle.db, owner.user.id, contactsCsv('drop', 3));
    const slow = await createImportJob(handle.db, {
      uploadId: upload.id, profileId: dropProfile.id, divisionId, description: 'slow', requestedBy: owner.user.id,
      autoContinue: true,
    });
    const slowId = slow.id;
    await heldInside;
    const other = await startJob(owner, 2, { autoContinue: true });
    const maintenance = createBoss(handle, { pollingSeconds: 1, poolSize: 2 });
    maintenance.on('error', () => {});
    await maintenance.start();
    await maintenance.maintain();
    await maintenance.stop({ graceful: false });
    expect(await waitForJob(handle.db, slow.id, isEnded)).toMatchObject({ status: 'completed', inserted: 3 });
    expect(await waitForJob(handle.db, other.id, isEnded)).toMatchObject({ status: 'completed', inserted: 2 });
  });
});

describe('several workers', () => {
  it('share 10 queued jobs, each validated and imported exactly once', async () => {
    const first = observedSteps();
    const other = observedSteps();
    const second = testDriver() === 'postgres' ? await openSecondPool(handle) : handle;
    if (second !== handle) extraHandles.push(second);
    const jobs = [];
    for (let i = 0; i < 10; i += 1) jobs.push(await startJob(owner, 3 + i, { autoContinue: true }));
    await Promise.all([worker({ steps: first.steps }), worker({ steps: other.steps }, second)]);
    const runs = (map: Map<string, number>, id: string) => map.get(id) ?? 0;
    const ended = await Promise.all(jobs.map((job) => waitForJob(handle.db, job.id, isEnded, 60_000)));
    for (const [i, job] of ended.entries()) {
      expect(job).toMatchObject({ status: 'completed', inserted: 3 + i, imported: 3 + i, notImported: 0 });
      expect(runs(first.calls.validate, job.id) + runs(other.calls.validate, job.id), `validations of job ${i}`).toBe(1);
      expect(runs(first.calls.importRows, job.id) + runs(other.calls.importRows, job.id), `imports of job ${i}`).toBe(1);
      expect(await recordedContacts(job.id)).toBe(3 + i);
    }
    // Both took a share.
    expect(first.calls.validate.size + first.calls.importRows.size).toBeGreaterThan(0);
    expect(other.calls.validate.size + other.calls.importRows.size).toBeGreaterThan(0);
  });
});

describe('crash recovery', () => {
  it('queues again a running job whose heartbeat is stale, and only that one', async () => {
    const stale = await startJob(owner, 2, { autoContinue: true });
    const fresh = await startJob(owner, 2, { autoContinue: true });
    // A worker took both validations and died: pg-boss still holds them as active.
    const dead = createBoss(handle, { pollingSeconds: 1, poolSize: 2 });
    dead.on('error', () => {});
    await dead.start();
    expect(await dead.fetch(STEP_QUEUES.validating, { batchSize: 10 })).toHaveLength(2);
    await dead.stop({ graceful: false });
    await handle.db.execute(sql`update import_jobs set heartbeat_at = now() - interval '10 minutes' where id = ${stale.id}`);
    await handle.db.execute(sql`update import_jobs set heartbeat_at = now() where id = ${fresh.id}`);

    await worker({ config: { staleSeconds: 4 } });
    expect(await waitForJob(handle.db, stale.id, isEnded, 10_000)).toMatchObject({ status: 'completed', imported: 2 });
    expect(await readJob(handle.db, fresh.id)).toMatchObject({ status: 'running', step: 'validating' });
    // Once its heartbeat is stale too, the other one is taken up as well.
    expect(await waitForJob(handle.db, fresh.id, isEnded, 20_000)).toMatchObject({ status: 'completed', imported: 2 });

    // pg-boss's own backstop: the dead worker's messages expire and are retried; the jobs are
    // done, so the retries do nothing.
    await handle.db.execute(sql`update pgboss.job set expire_in = interval '1 second'
      where name = ${STEP_QUEUES.validating} and state = 'active'
        and singleton_key in (${`${stale.id}:validating`}, ${`${fresh.id}:validating`})`);
    await new Promise((r) => setTimeout(r, 1100));
    const maintenance = createBoss(handle, { pollingSeconds: 1, poolSize: 2 });
    maintenance.on('error', () => {});
    await maintenance.start();
    await maintenance.maintain();
    await maintenance.stop({ graceful: false });
    const keys = sql`singleton_key in (${`${stale.id}:validating`}, ${`${fresh.id}:validating`})`;
    // Without waiting for the retry delay.
    await handle.db.execute(sql`update pgboss.job set start_after = now() where state = 'retry' and ${keys}`);
    const messages = async () => queryRows<{ state: string; output: { result?: string } | null }>(handle.db,
      sql`select state, output from pgboss.job where name = ${STEP_QUEUES.validating} and ${keys}`);
    for (let i = 0; i < 100 && (await messages()).some((m) => m.state !== 'completed'); i += 1) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const results = (await messages()).map((m) => `${m.state}:${m.output?.result}`).sort();
    expect(results).toEqual(['completed:done', 'completed:done', 'completed:skipped', 'completed:skipped']);
    expect(await readJob(handle.db, stale.id)).toMatchObject({ status: 'completed', imported: 2 });
  });

  it('hands a step stopped by a worker shutting down to another worker, which resumes it', async () => {
    let reachedImport: () => void = () => {};
    const reached = new Promise<void>((resolve) => { reachedImport = resolve; });
    const first = observedSteps({
      async onImportProgress(_jobId, options) {
        reachedImport();
        await new Promise((r) => options.signal.addEventListener('abort', r, { once: true }));
      },
    });
    const stopping = await worker({ steps: first.steps });
    const job = await startJob(owner, 3, { autoContinue: true });
    await reached;
    await stopping.stop();
    expect(await readJob(handle.db, job.id)).toMatchObject({ status: 'running', step: 'importing', heartbeatAt: null });
    const second = observedSteps();
    await worker({ steps: second.steps });
    expect(await waitForJob(handle.db, job.id, isEnded)).toMatchObject({ status: 'completed', imported: 3, inserted: 3 });
    expect(second.calls.importRows.get(job.id)).toBe(1);
    expect(await recordedContacts(job.id)).toBe(3);
  });
});
