import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows, type DatabaseHandle } from '@/db/client';
import { divisions, externalSources } from '@/db/schema';
import { createActor } from '../support/fixtures';
import { importCsv } from '../support/import-pipeline';
import { createTestDatabase } from '../support/test-db';

// Contacts' pages are written half full (migration 0019), so that an import updating a contact
// writes the new version on the same page: a HOT update, with no new index entry.

const HEADER = 'External ID,First Name,Last Name,Work Email,Title';
const CONTACTS = 300;
// The titles have one length: a longer value may not fit the last rows of a page, which then move.
const file = (title: string) => [HEADER, ...Array.from({ length: CONTACTS }, (_, i) =>
  `hot-${i},First${i},Last${i},hot${i}@example.test,${title}`)].join('\r\n');

let handle: DatabaseHandle;
let divisionId: string;
let sourceId: string;
let userId: string;

async function pagesById(): Promise<Map<number, number>> {
  const rows = await queryRows<{ id: string | number; page: string | number }>(handle.db, sql`
    select id, (ctid::text::point)[0]::int as page from contacts where division_id = ${divisionId}`);
  return new Map(rows.map((r) => [Number(r.id), Number(r.page)]));
}

beforeAll(async () => {
  handle = await createTestDatabase();
  const [division] = await handle.db.insert(divisions).values({ name: 'HOT' }).returning();
  divisionId = division.id;
  const [source] = await handle.db.insert(externalSources).values({ name: 'HOT CRM' }).returning();
  sourceId = source.id;
  userId = (await createActor(handle.db, ['externalContacts:importJob:view', 'externalContacts:contact:view'], divisionId)).user.id;
});

afterAll(async () => {
  await handle?.close();
});

describe('room on contacts pages for updates', () => {
  it('keeps half of each contacts page free', async () => {
    const [row] = await queryRows<{ options: string[] | null }>(handle.db, sql`
      select reloptions as options from pg_class where relname = 'contacts'`);
    expect(row.options).toContain('fillfactor=50');
  });

  it("writes a re-import's updated contacts on the pages they were on", async () => {
    const first = await importCsv(handle.db, { csv: file('Agent A'), divisionId, userId, sourceId });
    expect(first.job?.status).toBe('completed');
    expect(first.errors).toEqual([]);
    expect(first.job?.inserted).toBe(CONTACTS);
    const before = await pagesById();
    expect(before.size).toBe(CONTACTS);

    const second = await importCsv(handle.db, { csv: file('Agent B'), divisionId, userId, sourceId });
    expect({ updated: second.job?.updated, inserted: second.job?.inserted }).toEqual({ updated: CONTACTS, inserted: 0 });
    const titles = await queryRows<{ title: string }>(handle.db, sql`
      select distinct title from contacts where division_id = ${divisionId}`);
    expect(titles.map((t) => t.title)).toEqual(['Agent B']);

    const after = await pagesById();
    const moved = [...before].filter(([id, page]) => after.get(id) !== page);
    expect(moved).toEqual([]);
  });
});
