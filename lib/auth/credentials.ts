import { sql } from 'drizzle-orm';
import type { AppDatabase } from '../../db/client';
import { users } from '../../db/schema';
import { verifyAgainstDummy, verifyPassword } from './password';
import { isSignInBlocked, recordSignInAttempt } from './rate-limit';

export type SignInResult =
  | { ok: true; user: { id: string; email: string; name: string } }
  | { ok: false; reason: 'invalidCredentials' | 'rateLimited' };

/** Checks an e-mail and password, with the rate limit and without revealing which accounts exist. */
export async function checkCredentials(db: AppDatabase, rawEmail: string, password: string, ip: string): Promise<SignInResult> {
  const email = rawEmail.trim().toLowerCase();
  if (await isSignInBlocked(db, email, ip)) return { ok: false, reason: 'rateLimited' };
  const [user] = await db.select().from(users).where(sql`lower(${users.email}) = ${email}`).limit(1);
  const valid = user && user.active
    ? await verifyPassword(password, user.passwordHash)
    : await verifyAgainstDummy(password);
  await recordSignInAttempt(db, email, ip, valid);
  if (!valid || !user) return { ok: false, reason: 'invalidCredentials' };
  return { ok: true, user: { id: user.id, email: user.email, name: user.name } };
}
