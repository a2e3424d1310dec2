import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUrlOf, spawnWorker } from '../support/worker-process';
import { sql } from 'drizzle-orm';
import { queryRows, type DatabaseHandle } from '@/db/client';
import { ALL_PERMISSIONS } from '@/lib/auth/permissions';
import { installJobQueues } from '@/lib/import/jobs/queue/boss';
import { createImportJob } from '@/lib/import/jobs/lifecycle';
import { createActor, homeDivisionId } from '../support/fixtures';
import { contactsCsv, createProfile, createReadyUpload, isEnded, waitForJob } from '../support/job-fixtures';
import { createTestDatabase, testDriver } from '../support/test-db';

// Scale out (issue 6): `npm run worker` processes on one PostgreSQL share the queued jobs, and
// each step of each job runs in exactly one of them.

const runsOnPostgres = testDriver() === 'postgres';

interface Worker { child: ChildProcess; lines: string[] }

function startWorker(databaseUrl: string): Worker {
  const child = spawnWorker(databaseUrl, { JOB_POLLING_SECONDS: '0.5' }, 'pipe');
  const lines: string[] = [];
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => lines.push(...chunk.split('\n').filter(Boolean)));
  return { child, lines };
}

/** The job ids whose `step` this worker finished running ("done"). */
const ran = (worker: Worker, step: string) => worker.lines
  .map((line) => new RegExp(`: ${step} end ([0-9a-f-]{36}) \\(done\\)$`).exec(line)?.[1])
  .filter((id): id is string => !!id);

async function waitFor(condition: () => boolean, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

let handle: DatabaseHandle;
beforeAll(async () => {
  if (runsOnPostgres) handle = await createTestDatabase();
});
afterAll(async () => { await handle?.close(); });

describe('two worker processes on one PostgreSQL', () => {
  it.skipIf(!runsOnPostgres)('share 10 queued jobs, each validated and imported exactly once', { timeout: 300_000 }, async () => {
    const db = handle.db;
    const url = await databaseUrlOf(handle);
    await installJobQueues(handle);
    const user = (await createActor(db, [...ALL_PERMISSIONS])).user;
    const divisionId = await homeDivisionId(db);
    const profile = await createProfile(db);
    // Both up and idle first, so that neither finds the whole queue to itself.
    const workers = [startWorker(url), startWorker(url)];
    const jobs: string[] = [];
    try {
      await Promise.all(workers.map((worker) => waitFor(() => worker.lines.some((line) => / started$/.test(line)))));
      for (let i = 0; i < 10; i += 1) {
        const upload = await createReadyUpload(db, user.id, contactsCsv(`w${i}`, 200 + i));
        const job = await createImportJob(db, {
          uploadId: upload.id, profileId: profile.id, divisionId, description: `scale ${i}`, requestedBy: user.id, autoContinue: true,
        });
        jobs.push(job.id);
      }
      const ended = await Promise.all(jobs.map((id) => waitForJob(db, id, isEnded, 240_000)));
      for (const [i, job] of ended.entries()) {
        expect(job).toMatchObject({ status: 'completed', inserted: 200 + i, imported: 200 + i });
      }
    } finally {
      for (const { child } of workers) child.kill('SIGTERM');
      await Promise.all(workers.map(({ child }) => once(child, 'exit')));
    }

    for (const step of ['validating', 'importing']) {
      const all = workers.flatMap((worker) => ran(worker, step)).sort();
      expect(all, `each job's ${step} ran once, in one process`).toEqual([...jobs].sort());
    }
    // Both processes took a share of the work.
    for (const worker of workers) expect(ran(worker, 'validating').length + ran(worker, 'importing').length).toBeGreaterThan(0);
    const [{ contacts, distinct }] = await queryRows<{ contacts: number; distinct: number }>(db, sql`
      select count(*)::int as contacts, count(distinct e.value)::int as distinct
      from contacts c join contact_external_ids e on e.contact_id = c.id where c.division_id = ${divisionId}`);
    expect(contacts).toBe(distinct);
    expect(contacts).toBe(jobs.length * 200 + 45);
  });
});
