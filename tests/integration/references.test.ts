import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows, type DatabaseHandle } from '@/db/client';
import { createTestDatabase, testDriver } from '../support/test-db';
import { homeDivisionId } from '../support/fixtures';
import { createJobRow, createSource } from '../support/engine-fixtures';

// The references imports write in bulk are checked per statement by triggers (migration 0008),
// not by foreign keys. These tests hold them to what the foreign keys guaranteed.

let handle: DatabaseHandle;
let divisionId: string;
beforeAll(async () => {
  handle = await createTestDatabase();
  divisionId = await homeDivisionId(handle.db);
});
afterAll(async () => { await handle?.close(); });

const UNKNOWN_UUID = '00000000-0000-4000-8000-000000000000';

async function errorCodeOf(run: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await run();
  } catch (error) {
    const e = error as { code?: string; cause?: { code?: string } };
    return e.code ?? e.cause?.code;
  }
  return undefined;
}

async function count(query: ReturnType<typeof sql>): Promise<number> {
  const [row] = await queryRows<{ n: string | number }>(handle.db, query);
  return Number(row.n);
}

async function insertContact(division = divisionId): Promise<number> {
  const [row] = await queryRows<{ id: string | number }>(handle.db,
    sql`insert into contacts (division_id, first_name) values (${division}, 'Ref') returning id`);
  return Number(row.id);
}

describe('contacts -> divisions', () => {
  it('refuses a contact in a division that does not exist, in a multi-row insert, and writes none of it', async () => {
    const before = await count(sql`select count(*) as n from contacts`);
    const code = await errorCodeOf(() => handle.db.execute(sql`
      insert into contacts (division_id, first_name) values (${divisionId}, 'Fine'), (${UNKNOWN_UUID}, 'Orphan')`));
    expect(code).toBe('23503');
    expect(await count(sql`select count(*) as n from contacts`)).toBe(before);
  });

  it('refuses moving a contact to a division that does not exist', async () => {
    const id = await insertContact();
    expect(await errorCodeOf(() => handle.db.execute(sql`update contacts set division_id = ${UNKNOWN_UUID} where id = ${id}`)))
      .toBe('23503');
    expect(await count(sql`select count(*) as n from contacts where id = ${id} and division_id = ${divisionId}`)).toBe(1);
  });

  it('refuses deleting a division that still has contacts, and allows it once it has none', async () => {
    const [other] = await queryRows<{ id: string }>(handle.db,
      sql`insert into divisions (name) values (${`Refs ${Date.now()}`}) returning id`);
    const id = await insertContact(other.id);
    expect(await errorCodeOf(() => handle.db.execute(sql`delete from divisions where id = ${other.id}`))).toBe('23503');
    expect(await count(sql`select count(*) as n from divisions where id = ${other.id}`)).toBe(1);
    await handle.db.execute(sql`delete from contacts where id = ${id}`);
    await handle.db.execute(sql`delete from divisions where id = ${other.id}`);
    expect(await count(sql`select count(*) as n from divisions where id = ${other.id}`)).toBe(0);
  });

  it('refuses changing the key of a referenced division', async () => {
    const code = await errorCodeOf(() => handle.db.execute(sql`update divisions set id = ${UNKNOWN_UUID} where id = ${divisionId}`));
    expect(code).toBe('23503');
  });
});

describe('contacts -> external_organizations', () => {
  async function insertOrganization(): Promise<number> {
    const [row] = await queryRows<{ id: string | number }>(handle.db,
      sql`insert into external_organizations (division_id, name) values (${divisionId}, 'Org') returning id`);
    return Number(row.id);
  }

  it('refuses a contact naming an organization that does not exist, in a multi-row insert, and writes none of it', async () => {
    const organizationId = await insertOrganization();
    const before = await count(sql`select count(*) as n from contacts`);
    const code = await errorCodeOf(() => handle.db.execute(sql`
      insert into contacts (division_id, first_name, organization_id) values
        (${divisionId}, 'Member', ${organizationId}), (${divisionId}, 'Nobody', null), (${divisionId}, 'Stray', 987654321)`));
    expect(code).toBe('23503');
    expect(await count(sql`select count(*) as n from contacts`)).toBe(before);
    await handle.db.execute(sql`
      insert into contacts (division_id, first_name, organization_id) values (${divisionId}, 'Member', ${organizationId}), (${divisionId}, 'Nobody', null)`);
    expect(await count(sql`select count(*) as n from contacts`)).toBe(before + 2);
  });

  it('refuses linking a contact to an organization that does not exist, and allows unlinking it', async () => {
    const id = await insertContact();
    expect(await errorCodeOf(() => handle.db.execute(sql`update contacts set organization_id = 987654321 where id = ${id}`)))
      .toBe('23503');
    const organizationId = await insertOrganization();
    await handle.db.execute(sql`update contacts set organization_id = ${organizationId} where id = ${id}`);
    await handle.db.execute(sql`update contacts set organization_id = null where id = ${id}`);
    expect(await count(sql`select count(*) as n from contacts where id = ${id} and organization_id is null`)).toBe(1);
  });

  it('refuses deleting an organization a contact still names, and allows it once none does', async () => {
    const organizationId = await insertOrganization();
    const id = await insertContact();
    await handle.db.execute(sql`update contacts set organization_id = ${organizationId} where id = ${id}`);
    expect(await errorCodeOf(() => handle.db.execute(sql`delete from external_organizations where id = ${organizationId}`)))
      .toBe('23503');
    await handle.db.execute(sql`update contacts set organization_id = null where id = ${id}`);
    await handle.db.execute(sql`delete from external_organizations where id = ${organizationId}`);
    expect(await count(sql`select count(*) as n from external_organizations where id = ${organizationId}`)).toBe(0);
  });
});

describe('contact_external_ids -> contacts and external_sources', () => {
  it('refuses an external ID of a contact or a source that does not exist', async () => {
    const sourceId = await createSource(handle.db);
    const contactId = await insertContact();
    expect(await errorCodeOf(() => handle.db.execute(sql`
      insert into contact_external_ids (contact_id, source_id, value) values (${contactId}, ${sourceId}, 'ok'), (987654321, ${sourceId}, 'x')`)))
      .toBe('23503');
    expect(await errorCodeOf(() => handle.db.execute(sql`
      insert into contact_external_ids (contact_id, source_id, value) values (${contactId}, ${UNKNOWN_UUID}, 'x')`)))
      .toBe('23503');
    expect(await count(sql`select count(*) as n from contact_external_ids where contact_id = ${contactId}`)).toBe(0);
  });

  it('deletes a contact\'s external IDs with it, and a source\'s with the source, leaving the others', async () => {
    const [kept, dropped] = [await createSource(handle.db), await createSource(handle.db)];
    const [a, b] = [await insertContact(), await insertContact()];
    await handle.db.execute(sql`insert into contact_external_ids (contact_id, source_id, value) values
      (${a}, ${kept}, 'A1'), (${a}, ${dropped}, 'A2'), (${b}, ${kept}, 'B1'), (${b}, ${dropped}, 'B2')`);
    await handle.db.execute(sql`delete from contacts where id = ${a}`);
    expect(await queryRows<{ value: string }>(handle.db, sql`select value from contact_external_ids
      where contact_id in (${a}, ${b}) order by value`)).toEqual([{ value: 'B1' }, { value: 'B2' }]);
    await handle.db.execute(sql`delete from external_sources where id = ${dropped}`);
    expect(await queryRows<{ value: string }>(handle.db, sql`select value from contact_external_ids
      where contact_id in (${a}, ${b}) order by value`)).toEqual([{ value: 'B1' }]);
  });

  it('refuses moving an external ID to a contact that does not exist', async () => {
    const sourceId = await createSource(handle.db);
    const contactId = await insertContact();
    await handle.db.execute(sql`insert into contact_external_ids (contact_id, source_id, value) values (${contactId}, ${sourceId}, 'M')`);
    expect(await errorCodeOf(() => handle.db.execute(sql`
      update contact_external_ids set contact_id = 987654321 where source_id = ${sourceId}`))).toBe('23503');
  });
});

describe('job_contact_changes -> import_jobs', () => {
  it('refuses a change record of a job that does not exist, and deletes a job\'s records with the job', async () => {
    const contactId = await insertContact();
    expect(await errorCodeOf(() => handle.db.execute(sql`
      insert into job_contact_changes (job_id, contact_id, action) values (${UNKNOWN_UUID}, ${contactId}, 'inserted')`)))
      .toBe('23503');
    const jobId = await createJobRow(handle.db, divisionId);
    await handle.db.execute(sql`insert into job_contact_changes (job_id, contact_id, action) values (${jobId}, ${contactId}, 'inserted')`);
    expect(await count(sql`select count(*) as n from job_contact_changes where job_id = ${jobId}`)).toBe(1);
    await handle.db.execute(sql`delete from import_jobs where id = ${jobId}`);
    expect(await count(sql`select count(*) as n from job_contact_changes where job_id = ${jobId}`)).toBe(0);
  });
});

describe.runIf(testDriver() === 'postgres')('concurrent writers (PostgreSQL)', () => {
  it('a delete of a contact waits for a transaction adding its external ID, then removes that ID too', async () => {
    const client = handle.postgres!;
    const sourceId = await createSource(handle.db);
    const contactId = await insertContact();
    const writer = await client.reserve();
    const deleter = await client.reserve();
    try {
      await writer`begin`;
      await writer`insert into contact_external_ids (contact_id, source_id, value) values (${contactId}, ${sourceId}, 'RACE')`;
      let deleted = false;
      const deletion = deleter`delete from contacts where id = ${contactId}`.then(() => { deleted = true; });
      await new Promise((resolve) => setTimeout(resolve, 300));
      // Held by the writer's FOR KEY SHARE lock, as a foreign key holds it.
      expect(deleted).toBe(false);
      await writer`commit`;
      await deletion;
      expect(await count(sql`select count(*) as n from contact_external_ids where contact_id = ${contactId}`)).toBe(0);
    } finally {
      writer.release();
      deleter.release();
    }
  });

  it('an external ID added after a concurrent delete of its contact committed is refused', async () => {
    const client = handle.postgres!;
    const sourceId = await createSource(handle.db);
    const contactId = await insertContact();
    const deleter = await client.reserve();
    try {
      await deleter`begin`;
      await deleter`delete from contacts where id = ${contactId}`;
      const insert = errorCodeOf(() => client`
        insert into contact_external_ids (contact_id, source_id, value) values (${contactId}, ${sourceId}, 'LATE')`);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await deleter`commit`;
      expect(await insert).toBe('23503');
      expect(await count(sql`select count(*) as n from contact_external_ids where contact_id = ${contactId}`)).toBe(0);
    } finally {
      deleter.release();
    }
  });
});
