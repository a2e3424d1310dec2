import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase } from '../support/test-db';
import { createActor, homeDivisionId } from '../support/fixtures';
import { createProfile, createReadyUpload, isEnded, waitForJob } from '../support/job-fixtures';
import { queryRows, type DatabaseHandle } from '@/db/client';
import { ALL_PERMISSIONS } from '@/lib/auth/permissions';
import { createImportJob } from '@/lib/import/jobs/lifecycle';
import { startJobWorker } from '@/lib/import/jobs/queue/worker';

let handle: DatabaseHandle;
beforeAll(async () => { handle = await createTestDatabase(); });
afterAll(async () => { await handle?.close(); });

function csv(from: number, to: number, tag: string): string {
  const lines = ['External ID,First Name,Last Name,Work Email'];
  for (let i = from; i <= to; i += 1) lines.push(`C-${i},${tag} ${i},Same,c${i}@example.test`);
  return `${lines.join('\n')}\n`;
}

describe('two imports into the same source at once', () => {
  it('both complete and no contact is created twice', async () => {
    const db = handle.db;
    const workers = [await startJobWorker(handle), await startJobWorker(handle)];
    try {
      const user = (await createActor(db, [...ALL_PERMISSIONS])).user;
      const divisionId = await homeDivisionId(db);
      const profile = await createProfile(db);
      const uploads = [
        await createReadyUpload(db, user.id, csv(1, 3000, 'A')),
        await createReadyUpload(db, user.id, csv(1500, 4500, 'B')),
      ];
      const jobs = await Promise.all(uploads.map((upload, i) => createImportJob(db, {
        uploadId: upload.id, profileId: profile.id, divisionId, description: `concurrent ${i}`, requestedBy: user.id,
        autoContinue: true,
      })));
      const done = await Promise.all(jobs.map((job) => waitForJob(db, job.id, isEnded, 120_000)));
      for (const job of done) expect(job.status).toBe('completed');
      // Each overlapping row was inserted by one job and found by the other.
      expect(done[0].inserted + done[1].inserted).toBe(4500);
      expect(done[0].inserted + done[0].updated + done[0].unchanged).toBe(3000);
      const [counts] = await queryRows<{ contacts: number; ids: number; duplicated: number }>(db, sql`
        select count(distinct c.id)::int as contacts, count(distinct e.value)::int as ids,
          (select count(*)::int from (select e2.value from contact_external_ids e2 join contacts c2 on c2.id = e2.contact_id
             where e2.source_id = ${profile.externalSourceId} and c2.deleted_at is null group by e2.value having count(*) > 1) d) as duplicated
        from contacts c join contact_external_ids e on e.contact_id = c.id
        where e.source_id = ${profile.externalSourceId} and c.deleted_at is null`);
      expect(counts).toEqual({ contacts: 4500, ids: 4500, duplicated: 0 });
    } finally {
      await Promise.all(workers.map((worker) => worker.stop()));
    }
  });
});
