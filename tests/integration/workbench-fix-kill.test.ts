import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { databaseUrlOf, spawnWorker } from '../support/worker-process';
import { createTestDatabase, testDriver } from '../support/test-db';
import { createActor, homeDivisionId } from '../support/fixtures';
import { createReadyUpload, readJob, waitForJob } from '../support/job-fixtures';
import { queryRows, type DatabaseHandle } from '@/db/client';
import { externalSources, importProfiles, jobFixOperations } from '@/db/schema';
import { executeOperation } from '@/lib/actions/operation';
import { ALL_PERMISSIONS } from '@/lib/auth/permissions';
import { installJobQueues } from '@/lib/import/jobs/queue/boss';
import { createImportJob } from '@/lib/import/jobs/lifecycle';
import { startBulkFix } from '@/lib/import/fixes/operations';

const ROWS = Number(process.env.FIX_KILL_TEST_ROWS ?? 40_000);
const runsOnPostgres = testDriver() === 'postgres';

/** Every row a US national number, invalid under the profile's default country (FR). */
function csv(rows: number): string {
  const lines = ['External ID,First Name,Work Email,Work Phone,Country code'];
  for (let i = 1; i <= rows; i += 1) lines.push(`F-${i},First ${i},f${i}@example.test,(415) 555-2671,`);
  return `${lines.join('\n')}\n`;
}

const startWorker = (databaseUrl: string) => spawnWorker(databaseUrl, { JOB_STALE_SECONDS: '3' });

let handle: DatabaseHandle;
beforeAll(async () => {
  if (runsOnPostgres) handle = await createTestDatabase();
});
afterAll(async () => { await handle?.close(); });

describe('a worker process killed during a bulk fix', () => {
  it.skipIf(!runsOnPostgres)(`resumes the ${ROWS}-row fix after a restart, with exact counters`, { timeout: 600_000 }, async () => {
    const db = handle.db;
    const url = await databaseUrlOf(handle);
    await installJobQueues(handle);
    const actor = await createActor(db, [...ALL_PERMISSIONS]);
    const divisionId = await homeDivisionId(db);
    const [source] = await db.insert(externalSources).values({ name: `Fix kill ${Date.now()}` }).returning();
    const [profile] = await db.insert(importProfiles).values({
      name: `Fix kill ${Date.now()}`, externalSourceId: source.id, matchBy: ['externalId'], loadType: 'upsert',
      importFields: ['firstName', 'workEmail', 'workPhone', 'countryCode'], defaultCountry: 'FR',
      columnMapping: {
        'External ID': 'externalId', 'First Name': 'firstName', 'Work Email': 'workEmail', 'Work Phone': 'workPhone',
        'Country code': 'countryCode',
      },
    }).returning();
    const upload = await createReadyUpload(db, actor.user.id, csv(ROWS));
    const job = await createImportJob(db, {
      uploadId: upload.id, profileId: profile.id, divisionId, description: 'fix kill test', requestedBy: actor.user.id,
    });

    let worker = startWorker(url);
    try {
      const validated = await waitForJob(db, job.id, (j) => j.step === 'validated', 240_000);
      expect(validated).toMatchObject({ rowsInFile: ROWS, validRows: 0, invalidRows: ROWS });
      const started = await executeOperation(startBulkFix, {
        jobId: job.id, filter: { code: 'invalidPhone' }, action: { kind: 'setValue', column: 'Country code', value: 'US' },
      }, actor);
      if (!started.ok) throw new Error(JSON.stringify(started));
      const operationId = started.data.operation.id;
      expect(started.data.operation.targetRows).toBe(ROWS);

      // Killed once a few batches are committed, well before the end.
      const deadline = Date.now() + 240_000;
      let midway: typeof jobFixOperations.$inferSelect | undefined;
      for (;;) {
        [midway] = await db.select().from(jobFixOperations).where(eq(jobFixOperations.id, operationId));
        if (midway.changedRows >= 2000 || midway.status === 'applied' || Date.now() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const exited = once(worker, 'exit');
      worker.kill('SIGKILL');
      await exited;
      [midway] = await db.select().from(jobFixOperations).where(eq(jobFixOperations.id, operationId));
      expect(midway.status).toBe('running');
      expect(midway.changedRows).toBeGreaterThan(0);
      expect(midway.changedRows).toBeLessThan(ROWS);
      // What the committed batches did is counted, no more, no less.
      const atKill = await readJob(db, job.id);
      expect(atKill).toMatchObject({
        step: 'fixing', validRows: midway.changedRows, fixedRows: midway.changedRows, invalidRows: ROWS - midway.changedRows,
      });

      worker = startWorker(url);
      const done = await waitForJob(db, job.id, (j) => j.step === 'validated', 300_000);
      expect(done).toMatchObject({
        status: 'running', rowsInFile: ROWS, validRows: ROWS, invalidRows: 0, fixedRows: ROWS, excludedRows: 0,
        notImported: 0, failed: 0,
      });
      const [operation] = await db.select().from(jobFixOperations).where(eq(jobFixOperations.id, operationId));
      expect(operation).toMatchObject({ status: 'applied', changedRows: ROWS });
      const [records] = await queryRows<{ n: number; lines: number; edits: number; errors: number }>(db, sql`select
        (select count(*)::int from job_row_fixes where operation_id = ${operationId}) as n,
        (select count(distinct line)::int from job_row_fixes where operation_id = ${operationId}) as lines,
        (select count(*)::int from job_row_edits where job_id = ${job.id} and cells ->> 4 = 'US') as edits,
        (select count(*)::int from job_row_errors where job_id = ${job.id} and severity = 'error') as errors`);
      expect(records).toEqual({ n: ROWS, lines: ROWS, edits: ROWS, errors: 0 });
    } finally {
      worker.kill('SIGTERM');
      if (worker.exitCode === null && worker.signalCode === null) await once(worker, 'exit');
    }
  });
});
