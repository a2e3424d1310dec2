import { createConnection, type Socket } from 'node:net';
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { SQL } from 'drizzle-orm';
import type { PGlite } from '@electric-sql/pglite';
import type { Sql } from 'postgres';
import * as schema from './schema';
import { shareTheThread } from './pglite-turns';
import { config } from '../lib/config';

export type Schema = typeof schema;
export type AppDatabase = PgDatabase<PgQueryResultHKT, Schema>;

export interface DatabaseHandle {
  db: AppDatabase;
  driver: 'postgres' | 'pglite';
  /** The raw postgres.js client, for COPY and other hot paths (postgres driver only). */
  postgres?: Sql;
  /** The raw PGlite instance (pglite driver only). */
  pglite?: PGlite;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** A PostgreSQL URL; when absent PGlite is used. */
  url?: string;
  /** PGlite data folder; `memory://` for a throwaway in-memory database. */
  dataDir?: string;
  /** An already open PGlite (tests clone a migrated one). */
  pglite?: PGlite;
  /** postgres.js pool size. */
  max?: number;
}

export const MIGRATIONS_FOLDER = path.join(process.cwd(), 'db', 'migrations');

export function defaultDataDir(): string {
  const dir = config().PGLITE_DATA_DIR;
  return dir.includes('://') ? dir : path.resolve(dir);
}

export async function openDatabase(options: OpenOptions = {}): Promise<DatabaseHandle> {
  if (options.url) {
    const { default: postgres } = await import('postgres');
    const { drizzle } = await import('drizzle-orm/postgres-js');
    const client = postgres(options.url, {
      max: options.max ?? poolSize(),
      onnotice: () => {},
      // No statement waits more than DATABASE_LOCK_TIMEOUT_SECONDS for a row or table lock (a
      // server setting sent at connect, for every connection of the pool): postgres.js has no
      // timeout on waiting for a pool connection, so none may be held without bound either.
      // See docs/locks-and-timeouts.md.
      connection: { application_name: 'contacts-bulk-import', lock_timeout: lockTimeoutMs() },
      // An option postgres.js supports but does not declare in its types.
      ...({ socket: connectWithoutDelay } as object),
    });
    const db = drizzle({ client, schema }) as unknown as AppDatabase;
    return { db, driver: 'postgres', postgres: client, close: () => client.end({ timeout: 5 }) };
  }
  const { PGlite: PGliteClass } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  let pglite = options.pglite;
  if (!pglite) {
    const dataDir = options.dataDir ?? defaultDataDir();
    if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
    // pg_trgm: the contacts search's index (migration 0014, docs/decisions/006-contacts-search.md).
    const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
    pglite = await PGliteClass.create(dataDir, { extensions: { pg_trgm } });
  }
  shareTheThread(pglite);
  const db = drizzle({ client: pglite, schema }) as unknown as AppDatabase;
  const owned = pglite;
  return { db, driver: 'pglite', pglite: owned, close: () => owned.close() };
}

/**
 * postgres.js writes a COPY's data and its end as two small packets: with Nagle's algorithm the
 * second waits for the server's delayed ACK, and every COPY took 40 ms more than it should.
 */
async function connectWithoutDelay(options: { host: string[]; port: number[]; path?: string | false }): Promise<Socket> {
  const socket = options.path
    ? createConnection({ path: options.path, noDelay: true })
    : createConnection({ host: options.host[0], port: options.port[0], noDelay: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return socket;
}

/** DATABASE_POOL_SIZE: connections of the postgres.js pool (default 10). */
function poolSize(): number {
  return config().DATABASE_POOL_SIZE;
}

/** DATABASE_LOCK_TIMEOUT_SECONDS: PostgreSQL's lock_timeout, in ms (default 60 s; 0 turns it off). */
function lockTimeoutMs(): number {
  return Math.round(config().DATABASE_LOCK_TIMEOUT_SECONDS * 1000);
}

const MIGRATION_LOCK = 727_001;
/** Another instance migrating for longer than this is stuck: this one gives up and fails to start. */
const MIGRATION_LOCK_WAIT_MS = 10 * 60_000;

/** Applies the checked-in migrations; safe when several instances start at once. */
export async function migrateDatabase(handle: DatabaseHandle, migrationsFolder = MIGRATIONS_FOLDER): Promise<void> {
  if (handle.driver === 'pglite') {
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await migrate(handle.db as any, { migrationsFolder });
    return;
  }
  const { migrate } = await import('drizzle-orm/postgres-js/migrator');
  // The session lock is held on one reserved connection while the pool runs the migrations,
  // so instances starting together take turns instead of racing on the same DDL.
  const { lockSpaceOf, sessionLock } = await import('./advisory-lock');
  const lock = await sessionLock(lockSpaceOf(handle)!, { key: MIGRATION_LOCK }, { timeoutMs: MIGRATION_LOCK_WAIT_MS });
  try {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await migrate(handle.db as any, { migrationsFolder });
  } finally {
    await lock.release();
  }
}

/** Runs raw SQL and returns its rows the same way on both drivers. */
export async function queryRows<T extends Record<string, unknown>>(db: AppDatabase, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
