import { randomBytes } from 'node:crypto';
import type { PGlite } from '@electric-sql/pglite';
import { openDatabase, migrateDatabase, type DatabaseHandle } from '@/db/client';
import { seedDatabase } from '@/db/seed';

export type TestDriver = 'pglite' | 'postgres';

export function testDriver(): TestDriver {
  return process.env.TEST_DB_DRIVER === 'postgres' ? 'postgres' : 'pglite';
}

let pgliteTemplate: Promise<PGlite> | undefined;
const TEMPLATE_DB = 'cbi_test_template';

/**
 * A fresh, migrated and seeded database for one test file, on the driver of the running
 * vitest project: a clone of a PGlite migrated once per worker, or a new PostgreSQL database
 * copied from a migrated template.
 */
export async function createTestDatabase(): Promise<DatabaseHandle> {
  const silent = () => {};
  if (testDriver() === 'pglite') {
    pgliteTemplate ??= (async () => {
      const handle = await openDatabase({ dataDir: 'memory://' });
      await migrateDatabase(handle);
      await seedDatabase(handle.db, silent);
      return handle.pglite!;
    })();
    const clone = (await (await pgliteTemplate).clone()) as PGlite;
    return openDatabase({ pglite: clone });
  }
  const adminUrl = process.env.TEST_POSTGRES_URL;
  if (!adminUrl) throw new Error('TEST_POSTGRES_URL is not set: the postgres test project needs its global setup');
  const { default: postgres } = await import('postgres');
  const admin = postgres(adminUrl, { max: 1, onnotice: silent });
  try {
    await admin`select pg_advisory_lock(727100)`;
    const [exists] = await admin`select 1 from pg_database where datname = ${TEMPLATE_DB}`;
    if (!exists) {
      await admin.unsafe(`create database ${TEMPLATE_DB}`);
      const template = await openDatabase({ url: withDatabase(adminUrl, TEMPLATE_DB), max: 2 });
      await migrateDatabase(template);
      await seedDatabase(template.db, silent);
      await template.close();
    }
    const name = `cbi_test_${randomBytes(6).toString('hex')}`;
    await admin.unsafe(`create database ${name} template ${TEMPLATE_DB}`);
    await admin`select pg_advisory_unlock(727100)`;
    const handle = await openDatabase({ url: withDatabase(adminUrl, name), max: 5 });
    return {
      ...handle,
      async close() {
        await handle.close();
        const cleanup = postgres(adminUrl, { max: 1, onnotice: silent });
        await cleanup.unsafe(`drop database if exists ${name} with (force)`);
        await cleanup.end();
      },
    };
  } finally {
    await admin.end();
  }
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
