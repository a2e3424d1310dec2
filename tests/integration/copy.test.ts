import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows, type DatabaseHandle } from '@/db/client';
import { copyRows, postgresClientOf } from '@/db/copy';
import { createTestDatabase, testDriver } from '../support/test-db';
import { homeDivisionId } from '../support/fixtures';
import { createSource } from '../support/engine-fixtures';

// COPY is the PostgreSQL path of the engine's inserts (PGlite takes a multi-row INSERT).
// A COPY the server refuses must fail with the server's error and roll its transaction back,
// not leave the import waiting on a stream postgres.js never settles.

describe.runIf(testDriver() === 'postgres')('COPY through postgres.js', () => {
  let handle: DatabaseHandle;
  let divisionId: string;
  let sourceId: string;
  beforeAll(async () => {
    handle = await createTestDatabase();
    divisionId = await homeDivisionId(handle.db);
    sourceId = await createSource(handle.db, `Copy ${Date.now()}`);
  });
  afterAll(async () => { await handle?.close(); });

  async function contactsNamed(name: string): Promise<number> {
    const [row] = await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from contacts where first_name = ${name}`);
    return row.n;
  }

  async function copyFailure(run: (client: NonNullable<ReturnType<typeof postgresClientOf>>) => Promise<void>) {
    try {
      await handle.db.transaction(async (tx) => run(postgresClientOf(tx)!));
    } catch (error) {
      return error as { code?: string; message: string };
    }
    return null;
  }

  it('writes the rows, with tabs, newlines and backslashes intact', async () => {
    const tricky = 'a\tb\nc\\d\re';
    await handle.db.transaction(async (tx) => {
      await copyRows(postgresClientOf(tx)!, 'contacts', ['division_id', 'first_name', 'title'],
        [[divisionId, 'Copied', tricky], [divisionId, 'Copied', null]]);
    });
    const rows = await queryRows<{ title: string | null }>(handle.db,
      sql`select title from contacts where first_name = 'Copied' order by title nulls last`);
    expect(rows.map((r) => r.title)).toEqual([tricky, null]);
  });

  it('writes multi-byte text intact across chunks, and a row longer than a chunk', async () => {
    // Chunks are filled up to 128 KiB of UTF-8: rows of 3- and 4-byte characters cross many of them.
    const rows = Array.from({ length: 2000 }, (_, i) => [divisionId, 'Wide', `${i} Ünïcödé ✓ 😀 ${'€'.repeat(i % 300)}`]);
    const long = `long ${'✓'.repeat(200_000)} end`;
    await handle.db.transaction(async (tx) => {
      await copyRows(postgresClientOf(tx)!, 'contacts', ['division_id', 'first_name', 'title'], [...rows, [divisionId, 'Wide', long]]);
    });
    const stored = await queryRows<{ title: string }>(handle.db, sql`select title from contacts where first_name = 'Wide' order by id`);
    expect(stored.map((r) => r.title)).toEqual([...rows.map((r) => r[2]), long]);
  });

  it('fails with the server\'s error when the last row breaks a key checked at the end, and writes nothing', async () => {
    const [contact] = await queryRows<{ id: number }>(handle.db,
      sql`insert into contacts (division_id, first_name) values (${divisionId}, 'Keyed') returning id::int as id`);
    await handle.db.execute(sql`insert into contact_external_ids (contact_id, source_id, value) values (${contact.id}, ${sourceId}, 'DUP-1')`);
    const rows = Array.from({ length: 3000 }, (_, i) => [contact.id, sourceId, i === 2999 ? 'DUP-1' : `NEW-${i}`]);

    const error = await copyFailure((client) => copyRows(client, 'contact_external_ids', ['contact_id', 'source_id', 'value'], rows));

    expect(error?.code).toBe('23505');
    expect(error?.message).toMatch(/duplicate key value violates unique constraint "contact_external_ids_key"/);
    const [written] = await queryRows<{ n: number }>(handle.db,
      sql`select count(*)::int as n from contact_external_ids where source_id = ${sourceId}`);
    expect(written.n).toBe(1);
  });

  it('fails with the reference error when the statement-level check refuses the rows, and the connection goes on', async () => {
    const missingDivision = '00000000-0000-4000-8000-000000000000';
    const error = await copyFailure((client) => copyRows(client, 'contacts', ['division_id', 'first_name'],
      [[divisionId, 'Orphaned'], [missingDivision, 'Orphaned']]));

    expect(error?.code).toBe('23503');
    expect(error?.message).toMatch(/violates its reference to "divisions"/);
    expect(await contactsNamed('Orphaned')).toBe(0);
    // The pool's connections answer: the refused transaction was rolled back, not left open.
    const answers = await Promise.all(Array.from({ length: 4 }, () => contactsNamed('Copied')));
    expect(answers).toEqual([2, 2, 2, 2]);
  });
});
