import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows, type DatabaseHandle } from '@/db/client';
import { divisions, externalSources } from '@/db/schema';
import { createActor } from '../support/fixtures';
import { importCsv } from '../support/import-pipeline';
import { createTestDatabase } from '../support/test-db';

// The everyday second import: the same people from another system, matched by e-mail (match by
// External ID, then Work e-mail, then Work phone). Small batches, so later batches load contacts
// that earlier ones gave the new source's IDs.

const HEADER = 'External ID,First Name,Last Name,Title,Work Email,Work Phone';
const PEOPLE = 23;
const crm = (i: number) => `CRM-${i},First${i},Last${i},Buyer,p${i}@example.test,+1617555${String(1000 + i)}`;

let handle: DatabaseHandle;
let divisionId: string;
let crmSource: string;
let billingSource: string;
let userId: string;

async function runImport(sourceId: string, lines: string[]) {
  const { job } = await importCsv(handle.db, { csv: [HEADER, ...lines].join('\r\n'), divisionId, userId, sourceId });
  if (!job) throw new Error('upload rejected');
  return job;
}

async function externalIds() {
  return queryRows<{ id: number; work_email: string; title: string; crm: string[]; billing: string[] }>(handle.db, sql`
    select c.id::int, c.work_email, c.title,
      coalesce((select array_agg(e.value order by e.value) from contact_external_ids e where e.contact_id = c.id and e.source_id = ${crmSource}), '{}') as crm,
      coalesce((select array_agg(e.value order by e.value) from contact_external_ids e where e.contact_id = c.id and e.source_id = ${billingSource}), '{}') as billing
    from contacts c where c.division_id = ${divisionId} and c.deleted_at is null and c.merged_into is null order by c.id`);
}

async function modifiedTimes(): Promise<Map<number, number>> {
  const rows = await queryRows<{ id: number; at: string | number }>(handle.db, sql`
    select id::int, extract(epoch from modified_at) * 1000000 as at from contacts where division_id = ${divisionId}`);
  return new Map(rows.map((r) => [r.id, Number(r.at)]));
}

beforeAll(async () => {
  handle = await createTestDatabase();
  const [division] = await handle.db.insert(divisions).values({ name: 'Second source' }).returning();
  divisionId = division.id;
  const [crmRow] = await handle.db.insert(externalSources).values({ name: 'Second source CRM' }).returning();
  const [billingRow] = await handle.db.insert(externalSources).values({ name: 'Second source billing' }).returning();
  crmSource = crmRow.id;
  billingSource = billingRow.id;
  const owner = await createActor(handle.db, ['externalContacts:importJob:view', 'externalContacts:contact:view'], divisionId);
  userId = owner.user.id;
  process.env.IMPORT_BATCH_SIZE = '5';
});

afterEach(() => { delete process.env.IMPORT_BATCH_SIZE; });
afterAll(async () => { await handle?.close(); });

describe('the same people from a second source', () => {
  it('matches each by e-mail and gives it the second source\'s external ID, across batches', async () => {
    const first = await runImport(crmSource, Array.from({ length: PEOPLE }, (_, i) => crm(i)));
    expect(first.inserted).toBe(PEOPLE);
    const modifiedBefore = await modifiedTimes();
    // The billing export: its own IDs; person 3 with a changed title, person 7 without e-mail
    // (found by phone); the last line repeats person 0 with the same billing ID, four batches
    // after the first: the contact now holds that ID, so the line matches it and changes nothing.
    process.env.IMPORT_BATCH_SIZE = '5';
    const billing = Array.from({ length: PEOPLE }, (_, i) => {
      const title = i === 3 ? 'Director' : 'Buyer';
      const email = i === 7 ? '' : `p${i}@example.test`;
      return `BILL-${i},First${i},Last${i},${title},${email},+1617555${String(1000 + i)}`;
    });
    const second = await runImport(billingSource, [...billing, billing[0]]);
    expect({ inserted: second.inserted, updated: second.updated, unchanged: second.unchanged })
      .toEqual({ inserted: 0, updated: PEOPLE, unchanged: 1 });
    const contacts = await externalIds();
    expect(contacts).toHaveLength(PEOPLE);
    for (const contact of contacts) {
      const i = Number(contact.work_email.slice(1, contact.work_email.indexOf('@')));
      expect(contact.crm).toEqual([`CRM-${i}`]);
      expect(contact.billing).toEqual([`BILL-${i}`]);
      expect(contact.title).toBe(i === 3 ? 'Director' : 'Buyer');
    }
    // Gaining an ID modifies the contact, though no column of its row changed.
    const modifiedAfter = await modifiedTimes();
    expect([...modifiedBefore].filter(([id, at]) => !(modifiedAfter.get(id)! > at))).toEqual([]);
  });

  it('imports the second source again: every row matches by its own external ID and nothing changes', async () => {
    process.env.IMPORT_BATCH_SIZE = '4';
    const again = await runImport(billingSource, Array.from({ length: PEOPLE }, (_, i) =>
      `BILL-${i},First${i},Last${i},${i === 3 ? 'Director' : 'Buyer'},${i === 7 ? '' : `p${i}@example.test`},+1617555${String(1000 + i)}`));
    expect({ inserted: again.inserted, updated: again.updated, unchanged: again.unchanged })
      .toEqual({ inserted: 0, updated: 0, unchanged: PEOPLE });
    expect((await externalIds()).every((c) => c.billing.length === 1 && c.crm.length === 1)).toBe(true);
  });
});
