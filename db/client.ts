import { createConnection, type Socket } from 'node:net';
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { SQL } from 'drizzle-orm';
import type { PGlite } from '@electric-sql/pglite';
import type { Sql } from 'postgres';
import * as schema from './schema';

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
  return process.env.PGLITE_DATA_DIR ?? path.join(process.cwd(), '.data', 'pglite');
}

export async function openDatabase(options: OpenOptions = {}): Promise<DatabaseHandle> {
  if (options.url) {
    const { default: postgres } = await import('postgres');
    const { drizzle } = await import('drizzle-orm/postgres-js');
    const client = postgres(options.url, {
      max: options.max ?? 10,
      onnotice: () => {},
      connection: { application_name: 'contacts-bulk-import' },
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
    pglite = await PGliteClass.create(dataDir);
  }
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

const MIGRATION_LOCK = 727_001;

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
  const lock = await handle.postgres!.reserve();
  try {
    await lock`select pg_advisory_lock(${MIGRATION_LOCK})`;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await migrate(handle.db as any, { migrationsFolder });
  } finally {
    await lock`select pg_advisory_unlock(${MIGRATION_LOCK})`;
    lock.release();
  }
}

/** Runs raw SQL and returns its rows the same way on both drivers. */
export async function queryRows<T extends Record<string, unknown>>(db: AppDatabase, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
