import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { getDatabaseHandle } from '../db';
import { appSettings } from '../db/schema';
import type { AppDatabase } from '../db/client';
import { config, exitOnBadConfig } from './config';

const SECRET_KEY = 'nextauth_secret';

/**
 * Without NEXTAUTH_SECRET, one random secret is generated and kept in the database, so every
 * instance against that database signs sessions the same way and restarts keep people signed in.
 */
export async function ensureAuthSecret(db: AppDatabase): Promise<string> {
  const configured = config().NEXTAUTH_SECRET;
  if (configured) return configured;
  await db.insert(appSettings).values({ key: SECRET_KEY, value: randomBytes(32).toString('base64url') })
    .onConflictDoNothing();
  const [row] = await db.select().from(appSettings).where(eq(appSettings.key, SECRET_KEY));
  return row.value;
}

/**
 * Everything the server needs before its first request: the configuration checked (a bad value
 * ends the process here), database migrated and seeded, secrets.
 */
export async function startServer(): Promise<void> {
  const settings = exitOnBadConfig();
  const handle = await getDatabaseHandle();
  // Written for next-auth, which reads these two from the environment itself.
  process.env.NEXTAUTH_SECRET = await ensureAuthSecret(handle.db);
  // Without a configured public URL, trust the Host header so any port or host name works.
  if (!settings.NEXTAUTH_URL) process.env.AUTH_TRUST_HOST ??= 'true';
  console.log(`Database ready (${handle.driver === 'pglite' ? 'embedded PGlite' : 'PostgreSQL'})`);
  if (!settings.DISABLE_IN_PROCESS_WORKER) {
    await (await import('./import/jobs/queue/in-process')).startInProcessWorker(handle);
  }
}
