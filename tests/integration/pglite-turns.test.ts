import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows, type DatabaseHandle } from '@/db/client';
import { createTestDatabase, testDriver } from '../support/test-db';

// PGlite answers through promises alone: without db/pglite-turns.ts a loop of queries lets no
// timer and no I/O run until it ends (0 ticks below), which froze the app's requests and, in
// tests, vitest's own messages to its worker.
describe.runIf(testDriver() === 'pglite')('a long run of PGlite queries', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('lets timers run between its queries', async () => {
    let ticks = 0;
    const interval = setInterval(() => ticks++, 5);
    try {
      const until = performance.now() + 300;
      while (performance.now() < until) await queryRows(handle.db, sql`select count(*) from contacts`);
    } finally {
      clearInterval(interval);
    }
    expect(ticks).toBeGreaterThan(0);
  });

  it('lets timers run inside one long transaction, and a query they start waits for its commit', async () => {
    await handle.db.execute(sql`create table turns (n int)`);
    let written = 0;
    let ticks = 0;
    let seenFromOutside: Promise<number> | undefined;
    const interval = setInterval(() => {
      ticks++;
      // Not inside the open transaction: PGlite's lock holds it until the commit.
      seenFromOutside ??= queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from turns`).then(([row]) => row.n);
    }, 5);
    try {
      await handle.db.transaction(async (tx) => {
        const until = performance.now() + 300;
        while (performance.now() < until) {
          await tx.execute(sql`insert into turns values (${written})`);
          written++;
        }
      });
    } finally {
      clearInterval(interval);
    }
    expect(ticks).toBeGreaterThan(0);
    expect(await seenFromOutside).toBe(written);
  });
});
