import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows, type DatabaseHandle } from '@/db/client';
import {
  LockTimeoutError, lockSpaceOf, sessionLock, trySessionLock, xactLock,
} from '@/db/advisory-lock';
import { executeOperation, type OperationContext } from '@/lib/actions/operation';
import type { ActionResult } from '@/lib/actions/result';
import { ALL_PERMISSIONS } from '@/lib/auth/permissions';
import { listImportJobs } from '@/lib/import/jobs/list-operations';
import { createImportJob } from '@/lib/import/jobs/lifecycle';
import { cancelImportJob, revertImportJob } from '@/lib/import/jobs/operations';
import { startJobWorker, type JobWorker } from '@/lib/import/jobs/queue/worker';
import { clearSource } from '@/lib/sources/clear-operations';
import { createActor, homeDivisionId } from '../support/fixtures';
import {
  contactsCsv, createProfile, createReadyUpload, isEnded, observedSteps, waitForJob,
} from '../support/job-fixtures';
import { databaseUrlOf } from '../support/worker-process';
import { createTestDatabase, testDriver } from '../support/test-db';

// Several batches, so the import is held between two of them with the division locked.
process.env.IMPORT_BATCH_SIZE = '400';

let handle: DatabaseHandle;
/** The pool requests and the worker share: 4 connections on PostgreSQL. */
let pool: DatabaseHandle;
let divisionId: string;
let admin: OperationContext;

beforeAll(async () => {
  handle = await createTestDatabase();
  pool = testDriver() === 'postgres' ? await openDatabase({ url: await databaseUrlOf(handle), max: 4 }) : handle;
  divisionId = await homeDivisionId(pool.db);
  admin = { ...await createActor(handle.db, [...ALL_PERMISSIONS], divisionId), db: pool.db };
});
afterAll(async () => {
  if (pool && pool !== handle) await pool.close();
  await handle?.close();
});

async function timed<T>(run: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await run();
  return { result, ms: performance.now() - started };
}

async function startImport(profileId: string, csv: string, description: string) {
  const upload = await createReadyUpload(pool.db, admin.user.id, csv);
  return createImportJob(pool.db, {
    uploadId: upload.id, profileId, divisionId, description, requestedBy: admin.user.id, autoContinue: true,
  });
}

const sourceContacts = async (sourceId: string) => (await queryRows<{ n: number }>(pool.db, sql`
  select count(*)::int as n from contacts c
  where c.deleted_at is null and exists (select 1 from contact_external_ids e where e.contact_id = c.id and e.source_id = ${sourceId})`))[0].n;

describe('revert and clear source while an import runs in the division', () => {
  it('answer 409 at once, the import completes, and the pool keeps answering', async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => { release = resolve; });
    let reached: () => void = () => {};
    const holding = new Promise<void>((resolve) => { reached = resolve; });
    let importing: string | null = null;
    const { steps } = observedSteps({
      async onImportProgress(jobId) {
        // The big job is held after its first batch, its division locked, until the requests are in.
        if (jobId !== importing) return;
        reached();
        await held;
      },
    });
    const worker: JobWorker = await startJobWorker(pool, { steps, config: { heartbeatMs: 200, pollingSeconds: 0.5 } });
    try {
      const profile = await createProfile(pool.db);
      const sourceId = profile.externalSourceId!;
      const first = await startImport(profile.id, contactsCsv('first', 20), 'to revert');
      expect((await waitForJob(pool.db, first.id, isEnded)).status).toBe('completed');

      const big = await startImport(profile.id, contactsCsv('big', 2000), 'running');
      importing = big.id;
      await holding;
      expect((await waitForJob(pool.db, big.id, () => true)).status).toBe('running');

      const requests = Array.from({ length: 8 }, (_, i) => timed<ActionResult<unknown>>(() => (i % 2 === 0
        ? executeOperation(revertImportJob, { id: first.id }, admin)
        : executeOperation(clearSource, { sourceId, divisionId, confirm: true }, admin))));
      const page = timed(() => executeOperation(listImportJobs, {}, admin));
      const query = timed(() => queryRows<{ n: number }>(pool.db, sql`select count(*)::int as n from contacts`));
      const answers = await Promise.all(requests);
      for (const { result, ms } of answers) {
        expect(result).toEqual({ ok: false, status: 409, error: { key: 'errors.importRunningInDivision' } });
        expect(ms).toBeLessThan(2000);
      }
      const pageLoad = await page;
      expect(pageLoad.result.ok).toBe(true);
      expect(pageLoad.ms).toBeLessThan(2000);
      expect((await query).result[0].n).toBeGreaterThanOrEqual(20);

      release();
      const done = await waitForJob(pool.db, big.id, isEnded, 60_000);
      expect(done).toMatchObject({ status: 'completed', inserted: 2000, updated: 0, deleted: 0, imported: 2000 });
      expect(await sourceContacts(sourceId)).toBe(2020);

      // Nothing was left locked: both go through once the import is done.
      const reverted = await executeOperation(revertImportJob, { id: first.id }, admin);
      expect(reverted).toMatchObject({ ok: true, data: { summary: { deleted: 20, conflicts: 0 } } });
      const cleared = await executeOperation(clearSource, { sourceId, divisionId, confirm: true }, admin);
      expect(cleared).toEqual({ ok: true, data: { deleted: 2000 } });
      expect(await sourceContacts(sourceId)).toBe(0);
    } finally {
      release();
      await worker.stop();
    }
  });

  it('a revert during another revert or clear of the division waits its turn instead of being refused', async () => {
    const space = lockSpaceOf(pool)!;
    // What a clear holds while it runs: the division's change lock (class 727400).
    const change = (await trySessionLock(space, { lockClass: 727_400, key: { hashOf: divisionId } }))!;
    expect(change).not.toBeNull();
    const profile = await createProfile(pool.db);
    const source = { sourceId: profile.externalSourceId!, divisionId, confirm: true as const };
    const waiting = timed(() => executeOperation(clearSource, source, admin));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await change.release();
    const { result, ms } = await waiting;
    expect(result).toEqual({ ok: true, data: { deleted: 0 } });
    expect(ms).toBeGreaterThanOrEqual(250);
  });
});

describe('an import waiting for its division', () => {
  it('can be cancelled while it waits, and gives up after IMPORT_DIVISION_WAIT_SECONDS', async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => { release = resolve; });
    let reached: () => void = () => {};
    const holding = new Promise<void>((resolve) => { reached = resolve; });
    let holder: string | null = null;
    const { steps } = observedSteps({
      async onImportProgress(jobId) {
        if (jobId !== holder) return;
        reached();
        await held;
      },
    });
    // Two workers: the second picks up the waiting imports while the first holds the division.
    const config = { heartbeatMs: 100, pollingSeconds: 0.5 };
    const workers = [await startJobWorker(pool, { steps, config }), await startJobWorker(pool, { steps, config })];
    try {
      const profile = await createProfile(pool.db);
      const first = await startImport(profile.id, contactsCsv('holder', 900), 'holds the division');
      holder = first.id;
      await holding;

      const cancelled = await startImport(profile.id, contactsCsv('cancelled', 10), 'waits, then cancelled');
      await waitForJob(pool.db, cancelled.id, (j) => j.step === 'importing' || isEnded(j));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await executeOperation(cancelImportJob, { id: cancelled.id }, admin)).toMatchObject({ ok: true });
      const { result: settled, ms } = await timed(() => waitForJob(pool.db, cancelled.id, (j) => j.finishedAt !== null, 10_000));
      expect(settled).toMatchObject({ status: 'cancelled', inserted: 0 });
      expect(ms).toBeLessThan(3000);

      process.env.IMPORT_DIVISION_WAIT_SECONDS = '1';
      const givesUp = await startImport(profile.id, contactsCsv('gives-up', 10), 'waits, then gives up');
      const failed = await waitForJob(pool.db, givesUp.id, isEnded, 15_000);
      expect(failed).toMatchObject({ status: 'failed', errorCode: 'importFailed', inserted: 0 });
      delete process.env.IMPORT_DIVISION_WAIT_SECONDS;

      release();
      expect(await waitForJob(pool.db, first.id, isEnded, 60_000)).toMatchObject({ status: 'completed', inserted: 900 });
      expect(await sourceContacts(profile.externalSourceId!)).toBe(900);
    } finally {
      delete process.env.IMPORT_DIVISION_WAIT_SECONDS;
      release();
      await Promise.all(workers.map((worker) => worker.stop()));
    }
  });
});

describe('the advisory lock helper', () => {
  it('ends a bounded wait with LockTimeoutError, and at once on abort', async () => {
    const space = lockSpaceOf(pool)!;
    const name = { lockClass: 727_999, key: 1 };
    const first = (await trySessionLock(space, name))!;
    expect(first).not.toBeNull();
    expect(await trySessionLock(space, name)).toBeNull();
    const timedOut = await timed(() => sessionLock(space, name, { timeoutMs: 300 }).catch((error: unknown) => error));
    expect(timedOut.result).toBeInstanceOf(LockTimeoutError);
    expect(timedOut.ms).toBeGreaterThanOrEqual(290);
    expect(timedOut.ms).toBeLessThan(1500);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('cancelled')), 100);
    const aborted = await timed(() => sessionLock(space, name, { timeoutMs: 60_000, signal: controller.signal }).catch((error: unknown) => error));
    expect((aborted.result as Error).message).toBe('cancelled');
    expect(aborted.ms).toBeLessThan(1500);
    // Released, it is granted to the next one waiting.
    const next = sessionLock(space, name, { timeoutMs: 5000 });
    await first.release();
    await (await next).release();
  });

  it.runIf(testDriver() === 'postgres')('a transaction lock is tried or waited for with a deadline, never queued for ever', async () => {
    const space = lockSpaceOf(pool)!;
    const name = { key: 727_998 };
    const session = (await trySessionLock(space, name))!;
    try {
      const answers = await pool.db.transaction(async (tx) => ({
        tried: await timed(() => xactLock(tx, name, 'no')),
        waited: await timed(() => xactLock(tx, name, { timeoutMs: 300 })),
      }));
      expect(answers.tried.result).toBe(false);
      expect(answers.waited.result).toBe(false);
      expect(answers.waited.ms).toBeLessThan(1500);
      const [{ held }] = await queryRows<{ held: number }>(pool.db, sql`
        select count(*)::int as held from pg_locks where locktype = 'advisory' and objid = 727998 and granted`);
      expect(held).toBe(1);
    } finally {
      await session.release();
    }
    expect(await pool.db.transaction((tx) => xactLock(tx, name, 'no'))).toBe(true);
  });

  it.runIf(testDriver() === 'postgres')('every pool connection waits at most DATABASE_LOCK_TIMEOUT_SECONDS for a row or table lock', async () => {
    const [{ timeout }] = await queryRows<{ timeout: string }>(pool.db, sql`select current_setting('lock_timeout') as timeout`);
    expect(timeout).toBe('1min');
    // A row locked by another transaction: the update gives up after the timeout instead of waiting.
    const [{ id }] = await queryRows<{ id: string }>(pool.db, sql`select id from divisions limit 1`);
    let unlock: () => void = () => {};
    const holding = pool.db.transaction(async (tx) => {
      await tx.execute(sql`select 1 from divisions where id = ${id} for update`);
      await new Promise<void>((resolve) => { unlock = resolve; });
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const refused = await timed(() => pool.db.transaction(async (tx) => {
      await tx.execute(sql`set local lock_timeout = '300ms'`);
      await tx.execute(sql`update divisions set name = name where id = ${id}`);
    }).catch((error: { cause?: { code?: string } }) => error.cause?.code));
    unlock();
    await holding;
    expect(refused.result).toBe('55P03');
    expect(refused.ms).toBeLessThan(1500);
  });
});
