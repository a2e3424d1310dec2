import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase } from '../support/test-db';
import { homeDivisionId } from '../support/fixtures';
import { createJobRow, createSource, row } from '../support/engine-fixtures';
import { queryRows, type DatabaseHandle } from '@/db/client';
import { applyBatch } from '@/lib/import/engine/apply-batch';
import type { ImportSettings, NormalizedRow } from '@/lib/import/rows/types';

let handle: DatabaseHandle;
let divisionId: string;
let sourceId: string;
let jobId: string;
beforeAll(async () => {
  handle = await createTestDatabase();
  divisionId = await homeDivisionId(handle.db);
  jobId = await createJobRow(handle.db, divisionId);
});
afterAll(async () => { await handle?.close(); });
beforeEach(async () => {
  await handle.db.execute(sql`delete from contacts`);
  sourceId = await createSource(handle.db);
});

const settings = (overrides: Partial<ImportSettings> = {}) => ({
  matchBy: ['externalId', 'workEmail', 'workPhone'] as ImportSettings['matchBy'],
  mergeMode: 'updateFirst' as const, loadType: 'upsert' as const, emptyCellsClear: false, ...overrides,
});

async function run(rows: NormalizedRow[], overrides: Partial<ImportSettings> = {}) {
  return applyBatch({
    db: handle.db, jobId, scope: { divisionId, sourceId }, settings: settings(overrides), rows,
    now: new Date(), canSeeCandidates: true,
  });
}

async function live() {
  return queryRows<{ id: number; first_name: string | null; last_name: string | null; work_email: string | null;
    personal_email: string | null; work_phone: string | null; city: string | null; merged_into: number | null; ext: string[] }>(handle.db, sql`
    select c.id::int, c.first_name, c.last_name, c.work_email, c.personal_email, c.work_phone, c.city, c.merged_into::int,
      coalesce((select array_agg(e.value order by e.value) from contact_external_ids e where e.contact_id = c.id), '{}') as ext
    from contacts c where c.deleted_at is null order by c.id`);
}

async function seedContact(values: Record<string, string>, externalId?: string, createdAt = '2020-01-01T00:00:00Z') {
  const columns = Object.keys(values);
  const [created] = await queryRows<{ id: number }>(handle.db, sql`
    insert into contacts (division_id, created_at, ${sql.raw(columns.join(', '))})
    values (${divisionId}, ${createdAt}, ${sql.join(columns.map((c) => sql`${values[c]}`), sql`, `)}) returning id::int`);
  if (externalId) {
    await handle.db.execute(sql`insert into contact_external_ids (contact_id, source_id, value) values (${created.id}, ${sourceId}, ${externalId})`);
  }
  return created.id;
}

describe('matching and merging (SPEC section 5)', () => {
  it('imports the same file twice: everything is unchanged the second time', async () => {
    const rows = [1, 2, 3].map((i) => row(i + 1, {
      externalId: `E${i}`, values: { firstName: `Name ${i}`, workEmail: `p${i}@example.com`, workPhone: `+1415555010${i}` },
      phoneDisplay: { workPhone: `(415) 555-010${i}` },
    }));
    expect(await run(rows)).toMatchObject({ inserted: 3, updated: 0, unchanged: 0 });
    const first = await live();
    expect(await run(rows)).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
    expect(await live()).toEqual(first);
  });

  it('follows the identifier order: reordering changes which contact a row updates', async () => {
    const input = [row(2, { values: { workEmail: 'ANN@example.com', workPhone: '+14155550100', city: 'Lyon' } })];
    for (const [matchBy, expected] of [[['workEmail', 'workPhone'], 'Email Ann'], [['workPhone', 'workEmail'], 'Phone Ann']] as const) {
      await handle.db.execute(sql`delete from contacts`);
      await seedContact({ work_email: 'ann@example.com', first_name: 'Email Ann' });
      await seedContact({ work_phone: '+14155550100', first_name: 'Phone Ann' });
      expect(await run(input, { matchBy: [...matchBy] })).toMatchObject({ updated: 1, inserted: 0 });
      const updated = (await live()).filter((c) => c.city === 'Lyon').map((c) => c.first_name);
      expect(updated, matchBy.join(' then ')).toEqual([expected]);
    }
  });

  it('merge-all collapses contacts matched by external ID, e-mail and phone; the CSV wins, gaps are filled', async () => {
    const oldest = await seedContact({ first_name: 'Ann', last_name: 'Old', city: 'Nantes' }, 'E1', '2020-01-01T00:00:00Z');
    const second = await seedContact({ work_email: 'ann@example.com', last_name: 'Other', personal_email: 'ann@home.org' }, 'X9', '2021-01-01T00:00:00Z');
    const third = await seedContact({ work_phone: '+14155550100', city: 'Brest' }, undefined, '2022-01-01T00:00:00Z');
    const counts = await run([row(2, {
      externalId: 'E1', values: { workEmail: 'ann@example.com', workPhone: '+14155550100', lastName: 'New' },
    })], { mergeMode: 'mergeAll' });
    expect(counts).toMatchObject({ updated: 1, merged: 2, inserted: 0 });
    const contacts = await live();
    const survivor = contacts.find((c) => c.id === oldest)!;
    expect(survivor).toMatchObject({
      first_name: 'Ann', last_name: 'New', city: 'Nantes', personal_email: 'ann@home.org',
      work_email: 'ann@example.com', work_phone: '+14155550100', ext: ['E1', 'X9'],
    });
    const absorbed = await queryRows<{ id: number; merged_into: number }>(handle.db,
      sql`select id::int, merged_into::int from contacts where id in (${second}, ${third}) order by id`);
    expect(absorbed).toEqual([{ id: second, merged_into: oldest }, { id: third, merged_into: oldest }]);
  });

  it('update-first touches only the oldest match', async () => {
    const older = await seedContact({ work_email: 'dup@example.com', first_name: 'Older' }, undefined, '2020-01-01T00:00:00Z');
    const newer = await seedContact({ work_email: 'dup@example.com', first_name: 'Newer' }, undefined, '2021-01-01T00:00:00Z');
    await run([row(2, { values: { workEmail: 'dup@example.com', city: 'Lille' } })], { matchBy: ['workEmail'] });
    const contacts = await live();
    expect(contacts.find((c) => c.id === older)?.city).toBe('Lille');
    expect(contacts.find((c) => c.id === newer)?.city).toBeNull();
  });

  it('applies rows in file order: a row matches the contact an earlier row created, and is updated each time', async () => {
    const counts = await run([
      row(2, { externalId: 'E1', values: { firstName: 'First', workEmail: 'same@example.com' } }),
      row(3, { values: { workEmail: 'same@example.com', city: 'Metz' } }),
      row(4, { externalId: 'E1', values: { firstName: 'Last' } }),
    ]);
    expect(counts).toMatchObject({ inserted: 1, updated: 2 });
    const contacts = await live();
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({ first_name: 'Last', city: 'Metz', ext: ['E1'] });
  });

  it('never erases a stored value with an empty cell, unless the profile says so', async () => {
    await seedContact({ work_email: 'keep@example.com', city: 'Caen' }, 'E1');
    await run([row(2, { externalId: 'E1', values: { city: null, firstName: 'Kim' } })]);
    expect((await live())[0]).toMatchObject({ city: 'Caen', first_name: 'Kim' });
    await run([row(2, { externalId: 'E1', values: { city: null } })], { emptyCellsClear: true });
    expect((await live())[0]).toMatchObject({ city: null, first_name: 'Kim' });
  });

  it('a Deleted time deletes the matched contact instead of updating it', async () => {
    await seedContact({ first_name: 'Gone' }, 'E1');
    const counts = await run([row(2, { externalId: 'E1', values: { firstName: 'Changed' }, deletedAt: new Date(1_700_000_000_000) })]);
    expect(counts).toMatchObject({ deleted: 1, updated: 0 });
    expect(await live()).toEqual([]);
    const [deleted] = await queryRows<{ deleted_at: string; first_name: string }>(handle.db,
      sql`select deleted_at, first_name from contacts`);
    expect(new Date(deleted.deleted_at).getTime()).toBe(1_700_000_000_000);
    expect(deleted.first_name).toBe('Gone');
  });
});

describe('a row whose match an earlier row of the batch took away', () => {
  it('goes on to its next identifier when an earlier row deleted its match', async () => {
    await seedContact({ first_name: 'Deleted' }, 'E1');
    const byEmail = await seedContact({ first_name: 'By email', work_email: 'ann@example.com' });
    const counts = await run([
      row(2, { externalId: 'E1', deletedAt: new Date(1_700_000_000_000) }),
      row(3, { externalId: 'E1', values: { workEmail: 'ann@example.com', city: 'Rouen' } }),
    ]);
    expect(counts).toMatchObject({ deleted: 1, updated: 1, inserted: 0 });
    expect(await live()).toEqual([expect.objectContaining({ id: byEmail, city: 'Rouen', ext: ['E1'] })]);
  });

  it('goes on to the phone when an earlier row changed the e-mail it matched', async () => {
    const changed = await seedContact({ first_name: 'Changed', work_email: 'old@example.com' }, 'E1');
    const byPhone = await seedContact({ first_name: 'By phone', work_phone: '+14155550100' });
    const counts = await run([
      row(2, { externalId: 'E1', values: { workEmail: 'new@example.com' } }),
      row(3, { values: { workEmail: 'old@example.com', workPhone: '+14155550100', city: 'Laval' } }),
    ]);
    expect(counts).toMatchObject({ updated: 2, inserted: 0 });
    const contacts = await live();
    expect(contacts.find((c) => c.id === byPhone)).toMatchObject({ city: 'Laval' });
    expect(contacts.find((c) => c.id === changed)).toMatchObject({ work_email: 'new@example.com', city: null });
  });
});
