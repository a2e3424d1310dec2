import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows, type DatabaseHandle } from '@/db/client';
import { divisions, externalSources } from '@/db/schema';
import { countJobChangesByAction, listJobChangeRows } from '@/db/queries/job-reports';
import { idRuns } from '@/lib/import/engine/bulk-insert';
import { createActor } from '../support/fixtures';
import { importCsv } from '../support/import-pipeline';
import { createTestDatabase } from '../support/test-db';

// A created contact has no change record: the job keeps runs of created ids (migration 0013),
// and the changed list, its counts and revert derive the created contacts from them.

const HEADER = 'External ID,First Name,Last Name,Work Email';
const line = (i: number, last = `Last${i}`) => `r-${i},First${i},${last},p${i}@example.test`;

let handle: DatabaseHandle;
let divisionId: string;
let sourceId: string;
let userId: string;
let firstJob: string;
let secondJob: string;

async function runImport(lines: string[]) {
  const { job } = await importCsv(handle.db, { csv: [HEADER, ...lines].join('\r\n'), divisionId, userId, sourceId });
  if (!job) throw new Error('upload rejected');
  return job.id;
}

beforeAll(async () => {
  handle = await createTestDatabase();
  const [division] = await handle.db.insert(divisions).values({ name: 'Runs' }).returning();
  divisionId = division.id;
  const [source] = await handle.db.insert(externalSources).values({ name: 'Runs CRM' }).returning();
  sourceId = source.id;
  const owner = await createActor(handle.db, ['externalContacts:importJob:view', 'externalContacts:contact:view'], divisionId);
  userId = owner.user.id;
  firstJob = await runImport(Array.from({ length: 6 }, (_, i) => line(i)));
  // Updates r-1 and r-4, creates r-6 to r-8.
  secondJob = await runImport([line(1, 'Changed1'), line(4, 'Changed4'), line(6), line(7), line(8)]);
});

afterAll(async () => { await handle?.close(); });

describe('runs of created ids', () => {
  it('folds consecutive ids into runs', () => {
    expect(idRuns([])).toEqual([]);
    expect(idRuns([7, 5, 6, 9, 10, 12])).toEqual([[5, 7], [9, 10], [12, 12]]);
  });

  it('records a job\'s created contacts as one run and no change record, its updates as records', async () => {
    const runs = await queryRows<{ first: string; last: string }>(handle.db, sql`
      select first_id::text as first, last_id::text as last from job_created_contacts where job_id = ${firstJob}`);
    expect(runs).toHaveLength(1);
    expect(Number(runs[0].last) - Number(runs[0].first)).toBe(5);
    const [{ n }] = await queryRows<{ n: number }>(handle.db, sql`
      select count(*)::int as n from job_contact_changes where job_id = ${firstJob}`);
    expect(n).toBe(0);
    expect(await countJobChangesByAction(handle.db, secondJob)).toEqual(expect.arrayContaining([
      { action: 'inserted', count: 3 }, { action: 'updated', count: 2 },
    ]));
  });

  it('lists the created contacts first, then the changed ones, across page boundaries', async () => {
    const all = await listJobChangeRows(handle.db, secondJob, { limit: 50, offset: 0 });
    expect(all.map((r) => [r.action, r.lastName])).toEqual([
      ['inserted', 'Last6'], ['inserted', 'Last7'], ['inserted', 'Last8'], ['updated', 'Changed1'], ['updated', 'Changed4'],
    ]);
    expect(new Set(all.map((r) => r.id)).size).toBe(5);
    for (let offset = 0; offset < 6; offset += 1) {
      for (const limit of [1, 2, 4]) {
        const page = await listJobChangeRows(handle.db, secondJob, { limit, offset });
        expect(page.map((r) => r.id), `offset ${offset}, limit ${limit}`).toEqual(all.slice(offset, offset + limit).map((r) => r.id));
      }
    }
    const created = await listJobChangeRows(handle.db, secondJob, { action: 'inserted', limit: 2, offset: 1 });
    expect(created.map((r) => r.lastName)).toEqual(['Last7', 'Last8']);
  });

  it('pages the created contacts over several runs', async () => {
    const [{ first }] = await queryRows<{ first: string }>(handle.db, sql`
      select first_id::text as first from job_created_contacts where job_id = ${firstJob}`);
    const base = Number(first);
    // As if another division's import had taken ids in between: the same six contacts in three runs.
    await handle.db.execute(sql`delete from job_created_contacts where job_id = ${firstJob}`);
    await handle.db.execute(sql`insert into job_created_contacts (job_id, first_id, last_id) values
      (${firstJob}, ${base}, ${base + 1}), (${firstJob}, ${base + 2}, ${base + 2}), (${firstJob}, ${base + 3}, ${base + 5})`);
    const ids = (await listJobChangeRows(handle.db, firstJob, { limit: 10, offset: 0 })).map((r) => r.contactId);
    expect(ids).toEqual([0, 1, 2, 3, 4, 5].map((i) => base + i));
    expect((await listJobChangeRows(handle.db, firstJob, { limit: 3, offset: 1 })).map((r) => r.contactId))
      .toEqual([base + 1, base + 2, base + 3]);
    expect(await countJobChangesByAction(handle.db, firstJob)).toEqual([{ action: 'inserted', count: 6 }]);
  });

  it('keeps the per-action counts with every statement that writes or deletes change records', async () => {
    const counts = async () => Object.fromEntries((await countJobChangesByAction(handle.db, secondJob)).map((c) => [c.action, c.count]));
    await handle.db.execute(sql`insert into job_contact_changes (job_id, contact_id, action)
      select ${secondJob}, g, 'deleted' from generate_series(1000001, 1000003) g`);
    expect(await counts()).toEqual({ inserted: 3, updated: 2, deleted: 3 });
    await handle.db.execute(sql`delete from job_contact_changes where job_id = ${secondJob} and action = 'deleted'`);
    expect(await counts()).toEqual({ inserted: 3, updated: 2 });
  });
});
