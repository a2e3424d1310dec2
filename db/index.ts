import { openDatabase, migrateDatabase, type AppDatabase, type DatabaseHandle } from './client';
import { seedDatabase } from './seed';
import { config } from '../lib/config';

export type { AppDatabase, DatabaseHandle } from './client';
export { queryRows } from './client';
export * as schema from './schema';

// Next.js may evaluate this module more than once per process (per route bundle, on reload):
// the handle lives on globalThis so there is only ever one pool and one PGlite per data folder.
const globalKey = Symbol.for('contacts-bulk-import.database');
type GlobalWithDb = typeof globalThis & { [globalKey]?: Promise<DatabaseHandle> };

export function getDatabaseHandle(): Promise<DatabaseHandle> {
  const store = globalThis as GlobalWithDb;
  store[globalKey] ??= (async () => {
    const handle = await openDatabase({ url: config().DATABASE_URL });
    await migrateDatabase(handle);
    await seedDatabase(handle.db);
    return handle;
  })().catch((error) => {
    delete store[globalKey];
    throw error;
  });
  return store[globalKey];
}

export async function getDb(): Promise<AppDatabase> {
  return (await getDatabaseHandle()).db;
}
