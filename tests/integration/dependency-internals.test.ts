import { createConnection, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { lockSpaceOf } from '@/db/advisory-lock';
import { queryRows, type AppDatabase, type DatabaseHandle } from '@/db/client';
import { postgresClientOf } from '@/db/copy';
import { createTestDatabase, testDriver } from '../support/test-db';

// The undeclared internals of pinned dependencies, on a live database (docs/development.md,
// "Pinned dependencies"); the ones needing no connection: tests/unit/dependency-internals.test.ts.

function expectShape(condition: boolean, what: string) {
  expect(condition, `${what} changed shape: see docs/development.md, "Pinned dependencies"`).toBe(true);
}

const sessionClientOf = (db: AppDatabase) => (db as unknown as { session?: { client?: Record<string, unknown> } }).session?.client;

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

describe('drizzle-orm: db.session.client, on the database and in a transaction', () => {
  it('the database holds the driver\'s own client: the pool (postgres.js) or the instance (PGlite)', () => {
    const client = sessionClientOf(handle.db);
    if (handle.driver === 'postgres') {
      expectShape(client === (handle.postgres as unknown), 'drizzle-orm db.session.client (postgres-js)');
      expect(lockSpaceOf(handle.db)).toEqual({ driver: 'postgres', client: handle.postgres });
      expect(postgresClientOf(handle.db)).toBe(handle.postgres);
    } else {
      expectShape(client === (handle.pglite as unknown), 'drizzle-orm db.session.client (pglite)');
      expect(lockSpaceOf(handle.db)).toEqual({ driver: 'pglite', instance: handle.pglite });
      expect(postgresClientOf(handle.db)).toBeNull();
    }
  });

  it('a transaction holds its own client, which cannot reserve a connection or open a transaction', async () => {
    await handle.db.transaction(async (tx) => {
      const client = sessionClientOf(tx);
      expectShape(client !== undefined && client !== sessionClientOf(handle.db), 'drizzle-orm tx.session.client');
      // lockSpaceOf answers null for a transaction: its callers take their locks before opening one.
      expect(lockSpaceOf(tx)).toBeNull();
      if (handle.driver === 'postgres') {
        // COPY inside the import's transaction goes through this client (db/copy.ts).
        const txClient = postgresClientOf(tx);
        expectShape(txClient !== null && typeof client!.reserve !== 'function', 'drizzle-orm tx.session.client (postgres.js transaction sql)');
        await txClient!.unsafe('create temporary table shape_probe (n int) on commit drop');
        await txClient!.unsafe('insert into shape_probe values (1)');
        // The same transaction: drizzle sees the row the raw client wrote.
        expect(await queryRows<{ n: number }>(tx, sql`select n from shape_probe`)).toEqual([{ n: 1 }]);
      } else {
        expect(postgresClientOf(tx)).toBeNull();
      }
    });
  });
});

describe.runIf(testDriver() === 'postgres')('postgres.js: options and query internals', () => {
  const url = () => {
    const options = handle.postgres!.options as unknown as { host: string[]; port: number[]; database: string; user: string; pass?: string | null };
    return { host: options.host[0], port: options.port[0], database: options.database, username: options.user, password: options.pass ?? undefined };
  };

  it('the `socket` option (db/client.ts): called with host[] and port[], its socket carries the connection', async () => {
    const seen: unknown[] = [];
    const client = postgres({
      ...url(), max: 1, onnotice: () => {},
      ...({
        socket: async (options: { host: string[]; port: number[]; path?: string | false }) => {
          seen.push(options);
          const socket: Socket = createConnection({ host: options.host[0], port: options.port[0], noDelay: true });
          await new Promise<void>((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject); });
          return socket;
        },
      } as object),
    });
    try {
      const [row] = await client`select 1 as one`;
      expect(row.one).toBe(1);
      expectShape(seen.length === 1, 'postgres.js option `socket` (called once per connection)');
      const [options] = seen as { host: unknown; port: unknown }[];
      expectShape(Array.isArray(options.host) && typeof (options.host as unknown[])[0] === 'string', 'postgres.js socket(options).host (string[])');
      expectShape(Array.isArray(options.port) && typeof (options.port as unknown[])[0] === 'number', 'postgres.js socket(options).port (number[])');
    } finally {
      await client.end({ timeout: 5 });
    }
  });

  it('a query\'s `reject` (db/copy.ts, serverRefusalOf) receives the server\'s error', async () => {
    const query = handle.postgres!.unsafe('select 1 / 0');
    const internal = query as unknown as { reject?: (error: unknown) => unknown };
    expectShape(typeof internal.reject === 'function', 'postgres.js query.reject');
    const heard: unknown[] = [];
    const settle = internal.reject!;
    internal.reject = (error: unknown) => {
      heard.push(error);
      return settle(error);
    };
    await expect(query).rejects.toMatchObject({ code: '22012' });
    expectShape(heard.length === 1 && (heard[0] as { code?: string }).code === '22012', 'postgres.js query.reject (called with the server error)');
  });
});
