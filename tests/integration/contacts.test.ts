import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from '@/db/client';
import { contactExternalIds, contacts, divisions, externalOrganizations, externalSources } from '@/db/schema';
import { executeOperation, type OperationContext } from '@/lib/actions/operation';
import { getContact, searchContacts } from '@/lib/contacts/operations';
import { contactSearchText, searchContactRows } from '@/db/queries/contacts';
import { createTestDatabase } from '../support/test-db';
import { createActor } from '../support/fixtures';

let handle: DatabaseHandle;
let viewerA: OperationContext;
let viewerAll: OperationContext;
const ids: Record<string, number> = {};

beforeAll(async () => {
  handle = await createTestDatabase();
  const db = handle.db;
  const [a, b] = await db.insert(divisions).values([{ name: 'Division A' }, { name: 'Division B' }]).returning();
  const [source] = await db.insert(externalSources).values({ name: 'CRM' }).returning();
  const [acme] = await db.insert(externalOrganizations).values({ divisionId: a.id, name: 'Acme Corp' }).returning();
  const insert = async (key: string, values: Omit<typeof contacts.$inferInsert, 'divisionId'>, divisionId = a.id) => {
    const [row] = await db.insert(contacts).values({ divisionId, ...values }).returning();
    ids[key] = row.id;
    return row;
  };
  await insert('jane', {
    firstName: 'Jane', lastName: 'Doe', workEmail: 'jane.doe@acme.test', organizationId: acme.id,
    workPhone: '+14155550100', workPhoneDisplay: '+1 415-555-0100', customFields: { tier: 'gold' },
  });
  await insert('john', { firstName: 'John', lastName: 'Smith', personalEmail: 'jsmith@mail.test', cellPhone: '+442079460000' });
  await insert('deleted', { firstName: 'Jane', lastName: 'Gone', deletedAt: new Date() });
  await insert('merged', { firstName: 'Jane', lastName: 'Doe', mergedInto: ids.jane });
  await insert('bob', { firstName: 'Bob', lastName: 'Bravo', otherEmail: 'bob@b.test', homePhone: '+14155550199' }, b.id);
  await db.insert(contacts).values(Array.from({ length: 30 }, (_, i) => ({
    divisionId: a.id, firstName: `Person ${String(i).padStart(2, '0')}`, lastName: 'Bulkson',
  })));
  await db.insert(contactExternalIds).values([
    { contactId: ids.jane, sourceId: source.id, value: 'CRM-1001' },
    { contactId: ids.bob, sourceId: source.id, value: 'CRM-2002' },
  ]);
  viewerA = await createActor(db, ['externalContacts:contact:view'], a.id);
  viewerAll = await createActor(db, ['externalContacts:contact:view'], null);
});
afterAll(async () => handle?.close());

async function search(actor: OperationContext, q?: string, page = 1, pageSize = 25) {
  const result = await executeOperation(searchContacts, { q, page, pageSize }, actor);
  if (!result.ok) throw new Error(`searchContacts failed: ${JSON.stringify(result)}`);
  return result.data;
}
const idsOf = (data: { items: { id: number }[] }) => data.items.map((c) => c.id).sort();

describe('searchContacts', () => {
  it('finds by first name, last name and full name in either order, case-insensitively', async () => {
    for (const q of ['jane', 'DOE', 'Jane Doe', 'doe jane', 'ane D']) {
      expect(idsOf(await search(viewerA, q)), q).toEqual([ids.jane]);
    }
  });

  it('finds by any of the three e-mails', async () => {
    expect(idsOf(await search(viewerA, 'ACME.test'))).toEqual([ids.jane]);
    expect(idsOf(await search(viewerA, 'jsmith@mail.test'))).toEqual([ids.john]);
    expect(idsOf(await search(viewerAll, 'bob@b'))).toEqual([ids.bob]);
  });

  it('finds by any phone on its digits, whatever the punctuation typed', async () => {
    expect(idsOf(await search(viewerA, '+1 415 555'))).toEqual([ids.jane]);
    expect(idsOf(await search(viewerA, '(415) 555-0100'))).toEqual([ids.jane]);
    expect(idsOf(await search(viewerA, '0044 20 7946'))).toEqual([ids.john]);
    expect(idsOf(await search(viewerAll, '+1 415 555'))).toEqual([ids.jane, ids.bob].sort());
  });

  it('finds by external ID value', async () => {
    expect(idsOf(await search(viewerA, 'crm-1001'))).toEqual([ids.jane]);
    expect(idsOf(await search(viewerAll, 'CRM-2002'))).toEqual([ids.bob]);
  });

  it('matches wildcard characters literally', async () => {
    expect((await search(viewerAll, '%')).total).toBe(0);
    expect((await search(viewerAll, '_')).total).toBe(0);
  });

  it('returns the list row fields: primary e-mail, displayed phone, organization and division', async () => {
    const [jane] = (await search(viewerA, 'CRM-1001')).items;
    expect(jane).toMatchObject({
      firstName: 'Jane', lastName: 'Doe', email: 'jane.doe@acme.test', phone: '+1 415-555-0100',
      organizationName: 'Acme Corp', divisionName: 'Division A',
    });
  });

  it('pages with a total count and no row on two pages', async () => {
    const pages = await Promise.all([1, 2, 3, 4].map((page) => search(viewerA, 'bulkson', page, 10)));
    expect(pages.map((p) => p.items.length)).toEqual([10, 10, 10, 0]);
    expect(pages.every((p) => p.total === 30 && p.pageCount === 3)).toBe(true);
    expect(new Set(pages.flatMap((p) => p.items.map((c) => c.id))).size).toBe(30);
    expect(pages[0].items[0].firstName).toBe('Person 00');
  });

  it('lists only live contacts of the divisions where the caller holds contact:view', async () => {
    const mine = await search(viewerA, undefined, 1, 100);
    expect(mine.total).toBe(32);
    expect(mine.items.map((c) => c.id)).not.toContain(ids.bob);
    expect(mine.items.map((c) => c.id)).not.toEqual(expect.arrayContaining([ids.deleted]));
    expect(mine.items.map((c) => c.id)).not.toEqual(expect.arrayContaining([ids.merged]));
    expect(mine.items.every((c) => c.divisionName === 'Division A')).toBe(true);
    expect((await search(viewerA, 'bob')).total).toBe(0);
    expect((await search(viewerAll, undefined, 1, 100)).total).toBe(33);
  });
});

describe('getContact', () => {
  it('returns the contact with its external IDs, organization and fields', async () => {
    const result = await executeOperation(getContact, { id: ids.jane }, viewerA);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.contact).toMatchObject({ firstName: 'Jane', workPhone: '+14155550100', customFields: { tier: 'gold' } });
    expect(result.data.organization?.name).toBe('Acme Corp');
    expect(result.data.divisionName).toBe('Division A');
    expect(result.data.externalIds).toEqual([{ sourceName: 'CRM', uriTemplate: null, value: 'CRM-1001' }]);
  });

  it('answers 404 for a contact of another division, exactly as for one that does not exist', async () => {
    const other = await executeOperation(getContact, { id: ids.bob }, viewerA);
    const missing = await executeOperation(getContact, { id: 999_999_999 }, viewerA);
    expect(other).toEqual({ ok: false, status: 404, error: { key: 'errors.notFound' } });
    expect(missing).toEqual(other);
    expect(await executeOperation(getContact, { id: ids.bob }, viewerAll)).toMatchObject({ ok: true });
  });
});

describe('without contact:view', () => {
  it('refuses search and read, returning no data and changing nothing', async () => {
    const count = async () => (await handle.db.select({ n: sql<number>`count(*)::int` }).from(contacts))[0].n;
    const before = await count();
    const others = await createActor(handle.db, ['externalContacts:importJob:view', 'externalContacts:contact:add'], null);
    for (const actor of [others, await createActor(handle.db, [], null)]) {
      const searched = await executeOperation(searchContacts, { q: 'jane' }, actor);
      const read = await executeOperation(getContact, { id: ids.jane }, actor);
      expect(searched).toEqual({ ok: false, status: 403, error: { key: 'errors.forbidden' } });
      expect(read).toEqual({ ok: false, status: 403, error: { key: 'errors.forbidden' } });
    }
    expect(await count()).toBe(before);
  });
});

// Last in the file: its contacts (in a division of their own) would change the totals above.
describe('searchContacts on many matches', () => {
  let viewerC: OperationContext;
  beforeAll(async () => {
    const db = handle.db;
    const [c] = await db.insert(divisions).values({ name: 'Division C' }).returning();
    await db.insert(contacts).values(Array.from({ length: 1005 }, (_, i) => ({
      divisionId: c.id, firstName: `Many ${String(i).padStart(4, '0')}`, lastName: 'Capson',
    })));
    viewerC = await createActor(db, ['externalContacts:contact:view'], c.id);
  });

  it('counts up to 1,000 matches and says there are more, with a page count that reaches the next match', async () => {
    const first = await search(viewerC, 'capson');
    expect(first).toMatchObject({ total: 1000, totalIsCapped: true, pageCount: 41 });
    expect(first.items).toHaveLength(25);
    // Page 40 ends at the 1,000th match: still capped, and "Next" leads to page 41.
    expect(await search(viewerC, 'capson', 40)).toMatchObject({ total: 1000, totalIsCapped: true, pageCount: 41 });
    // Past the cap, the count runs to the end of the page asked for: here it sees them all.
    const last = await search(viewerC, 'capson', 41);
    expect(last).toMatchObject({ total: 1005, totalIsCapped: false, pageCount: 41 });
    expect(last.items.map((c) => c.firstName)).toEqual(['Many 1000', 'Many 1001', 'Many 1002', 'Many 1003', 'Many 1004']);
  });

  it('with a page size that does not divide the cap, the last counted page holds the 1,001st match', async () => {
    const first = await search(viewerC, 'capson', 1, 30);
    expect(first).toMatchObject({ total: 1000, totalIsCapped: true, pageCount: 34 });
    expect((await search(viewerC, 'capson', 34, 30)).items).toHaveLength(15);
  });

  it('gives an exact total, not capped, when the matches are fewer', async () => {
    expect(await search(viewerC, 'Many 100')).toMatchObject({ total: 5, totalIsCapped: false, pageCount: 1 });
  });
});

describe('the contacts search reads its matches the cheap way', () => {
  it('gathering and sorting the matches, or walking contacts in name order, gives the same pages', async () => {
    for (const [text, offset] of [['capson', 0], ['capson', 990], ['Many 01', 0], ['jane', 0], ['+1 415', 0], ['crm-2002', 0]] as const) {
      const sorted = await searchContactRows(handle.db, 'all', { text, limit: 25, offset });
      const walked = await searchContactRows(handle.db, 'all', { text, limit: 25, offset, sortMatchesUpTo: 1 });
      expect(walked, text).toEqual(sorted);
      expect(sorted.rows.length, text).toBeGreaterThan(0);
      expect(sorted.orderIsPartial, text).toBe(false);
    }
  });

  it('too many matches, none in the first rows of the name order: the page is sorted among those gathered, and says so', async () => {
    // 1,005 Capsons sort after the Bravos and Bulksons: a walk of the first 25 names finds none.
    const partial = await searchContactRows(handle.db, 'all', { text: 'capson', limit: 25, offset: 0, sortMatchesUpTo: 1, walkRows: 0 });
    expect(partial).toMatchObject({ orderIsPartial: true, sortedAmong: 1000, total: 1000, totalIsCapped: true });
    const names = partial.rows.map((c) => c.firstName!);
    expect(names).toHaveLength(25);
    expect(partial.rows.every((c) => c.lastName === 'Capson')).toBe(true);
    expect(names).toEqual([...names].sort());
    // With a walk long enough to reach them, the same search is exact again.
    const walked = await searchContactRows(handle.db, 'all', { text: 'capson', limit: 25, offset: 0, sortMatchesUpTo: 1, walkRows: 2000 });
    expect(walked.orderIsPartial).toBe(false);
    expect(walked.rows.map((c) => c.firstName)).toEqual(Array.from({ length: 25 }, (_, i) => `Many ${String(i).padStart(4, '0')}`));
  });

  it('refuses a page past the first 10,000 results, in words the page can translate', async () => {
    const viewer = await createActor(handle.db, ['externalContacts:contact:view'], null);
    expect(await executeOperation(searchContacts, { q: 'capson', page: 400, pageSize: 25 }, viewer)).toMatchObject({ ok: true });
    expect(await executeOperation(searchContacts, { q: 'capson', page: 401, pageSize: 25 }, viewer)).toMatchObject({
      ok: false, status: 400, fieldErrors: { page: [{ key: 'errors.pageTooDeep', params: { max: 10_000 } }] },
    });
    expect(await executeOperation(searchContacts, { page: 101, pageSize: 100 }, viewer)).toMatchObject({ ok: false, status: 400 });
  });

  it('the unsearched list reads a page in order from the name-order index, with no sort', async () => {
    const plan = await handle.db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      const result = await tx.execute(sql`explain select id from contacts where deleted_at is null and merged_into is null
        order by lower(last_name), lower(first_name), id limit 25`);
      const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<string, string>[];
      return rows.map((row) => Object.values(row)[0]).join('\n');
    });
    expect(plan).toContain('contacts_name_order_idx');
    expect(plan).not.toMatch(/Sort/);
  });

  it('a search finds its contacts through the trigram index, not by reading every contact', async () => {
    // Without statistics the planner may prefer a scan of so small a table: forbid it, as a
    // million contacts would.
    const plan = await handle.db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      const result = await tx.execute(sql`explain select id from contacts where ${contactSearchText} like '%capson%'`);
      const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<string, string>[];
      return rows.map((row) => Object.values(row)[0]).join('\n');
    });
    expect(plan).toContain('contacts_search_trgm_idx');
  });
});
