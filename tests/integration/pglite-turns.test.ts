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

  /** Runs `queries` back to back for `ms` and counts the turns a 5 ms interval got meanwhile. */
  async function ticksDuring(queries: () => Promise<unknown>, ms = 300): Promise<number> {
    let ticks = 0;
    const interval = setInterval(() => ticks++, 5);
    try {
      const until = performance.now() + ms;
      while (performance.now() < until) await queries();
    } finally {
      clearInterval(interval);
    }
    return ticks;
  }

  it('lets timers run between its queries', async () => {
    const ticks = await ticksDuring(() => queryRows(handle.db, sql`select count(*) from contacts`));
    expect(ticks).toBeGreaterThan(0);
  });

  it('lets timers run inside one long transaction too, and the transaction stays whole', async () => {
    let written = 0;
    const ticks = await ticksDuring(() =>
      handle.db.transaction(async (tx) => {
        const until = performance.now() + 100;
        await tx.execute(sql`create temporary table if not exists turns (n int)`);
        while (performance.now() < until) {
          await tx.execute(sql`insert into turns values (${written})`);
          written++;
        }
      }),
    );
    expect(ticks).toBeGreaterThan(0);
    const [{ n }] = await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from turns`);
    expect(n).toBe(written);
  });
});
