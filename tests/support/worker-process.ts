import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { queryRows, type DatabaseHandle } from '@/db/client';
import { withDatabase } from './test-db';

const root = path.resolve(__dirname, '../..');

/** The URL of the test's own PostgreSQL database, for another process to open it. */
export async function databaseUrlOf(handle: DatabaseHandle): Promise<string> {
  const [{ name }] = await queryRows<{ name: string }>(handle.db, sql`select current_database() as name`);
  return withDatabase(process.env.TEST_POSTGRES_URL!, name);
}

/** `npm run worker` as its own process on that database; `env` adds to (or overrides) the test's. */
export function spawnWorker(databaseUrl: string, env: Record<string, string> = {}, stdout: 'inherit' | 'pipe' = 'inherit'): ChildProcess {
  // As `npm run worker` starts it: compiled to plain JavaScript (scripts/compiled.mjs).
  return spawn(process.execPath, ['scripts/compiled.mjs', 'scripts/worker.ts'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'test', ...env },
    stdio: ['ignore', stdout, 'inherit'],
  });
}
