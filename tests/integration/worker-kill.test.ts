import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUrlOf, spawnWorker } from '../support/worker-process';
import { sql } from 'drizzle-orm';
import { createTestDatabase, testDriver } from '../support/test-db';
import { createActor, homeDivisionId } from '../support/fixtures';
import { createProfile, createReadyUpload, readJob, waitForJob, isEnded } from '../support/job-fixtures';
import { importCsv } from '../support/import-pipeline';
import { queryRows, type DatabaseHandle } from '@/db/client';
import { divisions } from '@/db/schema';
import { ALL_PERMISSIONS } from '@/lib/auth/permissions';
import { installJobQueues } from '@/lib/import/jobs/queue/boss';
import { createImportJob } from '@/lib/import/jobs/lifecycle';

const ROWS = Number(process.env.KILL_TEST_ROWS ?? 200_000);
const runsOnPostgres = testDriver() === 'postgres';

function csv(rows: number): string {
  const lines = ['External ID,First Name,Last Name,Work Email'];
  for (let i = 1; i <= rows; i += 1) lines.push(`K-${i},First ${i},Last ${i % 97},k${i}@example.test`);
  return `${lines.join('\n')}\n`;
}

const startWorker = (databaseUrl: string) => spawnWorker(databaseUrl, { JOB_STALE_SECONDS: '3', IMPORT_BATCH_SIZE: '5000' });

/** What a division's contacts are, whatever their ids: compared between two runs. */
async function contentsOf(handle: DatabaseHandle, divisionId: string) {
  return queryRows<{ n: number; digest: string }>(handle.db, sql`
    select count(*)::int as n, md5(string_agg(concat_ws('|', e.value, c.first_name, c.last_name, c.work_email,
      c.deleted_at is null, c.merged_into is null), ',' order by e.value)) as digest
    from contacts c join contact_external_ids e on e.contact_id = c.id where c.division_id = ${divisionId}`);
}

let handle: DatabaseHandle;
beforeAll(async () => {
  if (runsOnPostgres) handle = await createTestDatabase();
});
afterAll(async () => { await handle?.close(); });

describe('a worker process killed in the middle of an import', () => {
  it.skipIf(!runsOnPostgres)(`finishes the ${ROWS}-row job after a restart, as if never interrupted`, { timeout: 600_000 }, async () => {
    const db = handle.db;
    const url = await databaseUrlOf(handle);
    await installJobQueues(handle);
    const user = (await createActor(db, [...ALL_PERMISSIONS])).user;
    const divisionId = await homeDivisionId(db);
    const profile = await createProfile(db);
    const file = csv(ROWS);
    const upload = await createReadyUpload(db, user.id, file);
    const job = await createImportJob(db, {
      uploadId: upload.id, profileId: profile.id, divisionId, description: 'kill test', requestedBy: user.id,
      autoContinue: true,
    });

    const first = startWorker(url);
    const exited = once(first, 'exit');
    const midway = await waitForJob(db, job.id, (j) => j.step === 'importing' && j.lastCommittedLine > 20_000, 240_000);
    first.kill('SIGKILL');
    await exited;
    expect(midway.lastCommittedLine).toBeLessThan(ROWS);
    const atKill = await readJob(db, job.id);
    expect(atKill.status).toBe('running');

    const second = startWorker(url);
    try {
      const done = await waitForJob(db, job.id, isEnded, 300_000);
      expect(done).toMatchObject({ status: 'completed', rowsInFile: ROWS, inserted: ROWS, imported: ROWS, notImported: 0 });
    } finally {
      second.kill('SIGTERM');
      await once(second, 'exit');
    }

    // The same file, imported without interruption into another division.
    const [other] = await db.insert(divisions).values({ name: `Uninterrupted ${Date.now()}` }).returning();
    const reference = await importCsv(db, {
      csv: file, divisionId: other.id, userId: user.id, sourceId: profile.externalSourceId!,
      settings: { matchBy: ['externalId'], importFields: ['firstName', 'lastName', 'workEmail'] },
    });
    expect(reference.job).toMatchObject({ inserted: ROWS });
    const [killed] = await contentsOf(handle, divisionId);
    const [clean] = await contentsOf(handle, other.id);
    expect(killed.n).toBe(ROWS);
    expect(killed.digest).toBe(clean.digest);
    const [changes] = await queryRows<{ rows: number; contacts: number }>(db, sql`
      select count(*)::int as rows, count(distinct contact_id)::int as contacts from (
        select g.id as contact_id from job_created_contacts r cross join lateral generate_series(r.first_id, r.last_id) g(id)
        where r.job_id = ${job.id}
        union all
        select contact_id from job_contact_changes where job_id = ${job.id}) recorded`);
    expect(changes).toEqual({ rows: ROWS, contacts: ROWS });
  });
});
