import { once } from 'node:events';
import { access, readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUrlOf, spawnWorker } from '../support/worker-process';
import { and, eq, sql } from 'drizzle-orm';
import { queryRows, type DatabaseHandle } from '@/db/client';
import { divisions, importJobs } from '@/db/schema';
import { IN_PROCESS } from '@/lib/import/drop-folder/profile-folders';
import { createActor, IMPORTING } from '../support/fixtures';
import { readJob, waitForJob } from '../support/job-fixtures';
import { createFolderProfile, dropFile, historyOf, makeDropRoot, readResult, waitUntil } from '../support/drop-folder-fixtures';
import { createTestDatabase, testDriver } from '../support/test-db';

const ROWS = Number(process.env.DROP_KILL_TEST_ROWS ?? 100_000);
const runsOnPostgres = testDriver() === 'postgres';

function csv(rows: number): string {
  const lines = ['External ID,First Name,Last Name,Work Email'];
  for (let i = 1; i <= rows; i += 1) lines.push(`D-${i},First ${i},Last ${i % 97},d${i}@example.test`);
  return `${lines.join('\n')}\n`;
}

const startWorker = (databaseUrl: string, watchDir: string) => spawnWorker(databaseUrl, {
  IMPORT_WATCH_DIR: watchDir, IMPORT_WATCH_INTERVAL_MS: '250', JOB_STALE_SECONDS: '3', JOB_HEARTBEAT_SECONDS: '1',
  IMPORT_BATCH_SIZE: '5000',
});

/** What a division's contacts are, whatever their ids: compared between the two runs. */
async function contentsOf(handle: DatabaseHandle, divisionId: string) {
  const [row] = await queryRows<{ n: number; distinctIds: number; digest: string }>(handle.db, sql`
    select count(*)::int as n, count(distinct e.value)::int as "distinctIds",
      md5(string_agg(concat_ws('|', e.value, c.first_name, c.last_name, c.work_email, c.deleted_at is null,
        c.merged_into is null), ',' order by e.value)) as digest
    from contacts c join contact_external_ids e on e.contact_id = c.id where c.division_id = ${divisionId}`);
  return row;
}

const withoutJobId = ({ jobId: _jobId, ...counters }: Record<string, string | number>) => counters;

let handle: DatabaseHandle;
let drop: Awaited<ReturnType<typeof makeDropRoot>>;
beforeAll(async () => {
  if (!runsOnPostgres) return;
  handle = await createTestDatabase();
  drop = await makeDropRoot();
});
afterAll(async () => {
  await handle?.close();
  await drop?.remove();
});

describe('a worker process killed during an automatic import from the drop folder', () => {
  it.skipIf(!runsOnPostgres)(`finishes the ${ROWS}-row file after a restart, once, as if never interrupted`, { timeout: 600_000 }, async () => {
    const db = handle.db;
    const url = await databaseUrlOf(handle);
    const robot = await createActor(db, [
      'externalContacts:importCsvUpload:add', 'externalContacts:importJob:add', 'externalContacts:contact:view',
      'externalContacts:importJob:edit', ...IMPORTING,
    ]);
    const [killedDivision, cleanDivision] = await db.insert(divisions)
      .values([{ name: `Killed ${Date.now()}` }, { name: `Uninterrupted ${Date.now()}` }]).returning();
    const killed = await createFolderProfile(db, { automationUserId: robot.user.id, divisionId: killedDivision.id });
    const clean = await createFolderProfile(db, { automationUserId: robot.user.id, divisionId: cleanDivision.id });
    const killedFolder = path.join(drop.root, killed.name);
    const cleanFolder = path.join(drop.root, clean.name);
    const file = csv(ROWS);

    const first = startWorker(url, drop.root);
    const exited = once(first, 'exit');
    await waitUntil(() => access(path.join(killedFolder, IN_PROCESS)).then(() => true, () => false),
      { timeoutMs: 60_000, what: 'the profile folder' });
    await dropFile(killedFolder, 'big.csv', file);
    const jobOf = async (profileId: string) => (await db.select().from(importJobs)
      .where(and(eq(importJobs.profileId, profileId), eq(importJobs.description, 'big.csv'))))[0];
    const job = await waitUntil(() => jobOf(killed.id), { timeoutMs: 120_000, what: 'the job of big.csv' });
    const midway = await waitForJob(db, job.id, (j) => j.step === 'importing' && j.lastCommittedLine > 20_000, 240_000);
    first.kill('SIGKILL');
    await exited;
    expect(midway.lastCommittedLine).toBeLessThan(ROWS);
    expect((await readJob(db, job.id)).status).toBe('running');
    expect(await readdir(path.join(killedFolder, IN_PROCESS))).toContain('big.csv');
    expect((await historyOf(killedFolder, 'big.csv')).file).toBeUndefined();

    const second = startWorker(url, drop.root);
    try {
      const done = await waitUntil(async () => {
        const history = await historyOf(killedFolder, 'big.csv');
        return history.result && history.file ? history : undefined;
      }, { timeoutMs: 300_000, what: 'big.csv in History after the restart' });
      // The same file again, into another division, with nothing interrupting it.
      await dropFile(cleanFolder, 'big.csv', file);
      const reference = await waitUntil(async () => {
        const history = await historyOf(cleanFolder, 'big.csv');
        return history.result && history.file ? history : undefined;
      }, { timeoutMs: 300_000, what: 'the uninterrupted big.csv in History' });

      const result = await readResult(done.result!);
      expect(result).toMatchObject({ status: 'completed', jobId: job.id, inFile: ROWS, inserted: ROWS, imported: ROWS, notImported: 0 });
      expect(withoutJobId(result)).toEqual(withoutJobId(await readResult(reference.result!)));
      expect(done.err).toBeUndefined();
      expect(await readFile(done.log!, 'utf8')).toContain(`following job ${job.id}`);
      expect(await readdir(path.join(killedFolder, IN_PROCESS))).toEqual([]);
    } finally {
      second.kill('SIGTERM');
      await once(second, 'exit');
    }

    // One job for the file, and contacts exactly those of the uninterrupted run: no duplicate.
    const jobs = await db.select({ id: importJobs.id }).from(importJobs).where(eq(importJobs.profileId, killed.id));
    expect(jobs).toEqual([{ id: job.id }]);
    const afterKill = await contentsOf(handle, killedDivision.id);
    const uninterrupted = await contentsOf(handle, cleanDivision.id);
    expect(afterKill).toMatchObject({ n: ROWS, distinctIds: ROWS });
    expect(afterKill.digest).toBe(uninterrupted.digest);
    const [changes] = await queryRows<{ rows: number; contacts: number }>(db, sql`
      select count(*)::int as rows, count(distinct contact_id)::int as contacts from (
        select g.id as contact_id from job_created_contacts r cross join lateral generate_series(r.first_id, r.last_id) g(id)
        where r.job_id = ${job.id}
        union all
        select contact_id from job_contact_changes where job_id = ${job.id}) recorded`);
    expect(changes).toEqual({ rows: ROWS, contacts: ROWS });
  });
});
