import { sql } from 'drizzle-orm';
import type { AppDatabase } from '../../db/client';
import { users } from '../../db/schema';
import { verifyAgainstDummy, verifyPassword } from './password';
import { markSignInSucceeded, takeSignInAttempt } from './rate-limit';

export type SignInResult =
  | { ok: true; user: { id: string; email: string; name: string; sessionVersion: number } }
  | { ok: false; reason: 'invalidCredentials' | 'rateLimited' };

/**
 * Checks an e-mail and password, with the rate limit and without revealing which accounts exist.
 * The attempt is counted before the password is checked (see takeSignInAttempt), so parallel
 * guesses cannot get past the limit.
 */
export async function checkCredentials(db: AppDatabase, rawEmail: string, password: string, ip: string): Promise<SignInResult> {
  const email = rawEmail.trim().toLowerCase();
  const attemptId = await takeSignInAttempt(db, email, ip);
  if (!attemptId) return { ok: false, reason: 'rateLimited' };
  const [user] = await db.select().from(users).where(sql`lower(${users.email}) = ${email}`).limit(1);
  const valid = user && user.active
    ? await verifyPassword(password, user.passwordHash)
    : await verifyAgainstDummy(password);
  if (!valid || !user) return { ok: false, reason: 'invalidCredentials' };
  await markSignInSucceeded(db, attemptId);
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion } };
}
