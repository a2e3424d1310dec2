import { and, eq, gt, or, sql } from 'drizzle-orm';
import type { AppDatabase } from '../../db/client';
import { signInAttempts } from '../../db/schema';

import { SIGN_IN_WINDOW_MINUTES } from './rate-limit-config';

export { SIGN_IN_WINDOW_MINUTES };
const MAX_FAILURES_PER_EMAIL = 5;
const MAX_FAILURES_PER_IP = 20;

/**
 * Failed sign-ins are counted in the database, so the limit holds across every instance.
 * A success resets the count for that e-mail.
 */
export async function isSignInBlocked(db: AppDatabase, email: string, ip: string): Promise<boolean> {
  const since = new Date(Date.now() - SIGN_IN_WINDOW_MINUTES * 60_000);
  const [lastSuccess] = await db
    .select({ at: sql<Date | null>`max(${signInAttempts.createdAt})` })
    .from(signInAttempts)
    .where(and(eq(signInAttempts.email, email), eq(signInAttempts.succeeded, true), gt(signInAttempts.createdAt, since)));
  const emailSince = lastSuccess?.at ? new Date(lastSuccess.at) : since;
  const [counts] = await db
    .select({
      byEmail: sql<number>`count(*) filter (where ${signInAttempts.email} = ${email} and ${signInAttempts.createdAt} > ${emailSince.toISOString()})::int`,
      byIp: sql<number>`count(*) filter (where ${signInAttempts.ip} = ${ip})::int`,
    })
    .from(signInAttempts)
    .where(and(eq(signInAttempts.succeeded, false), gt(signInAttempts.createdAt, since),
      or(eq(signInAttempts.email, email), eq(signInAttempts.ip, ip))));
  return counts.byEmail >= MAX_FAILURES_PER_EMAIL || (ip !== '' && counts.byIp >= MAX_FAILURES_PER_IP);
}

export async function recordSignInAttempt(db: AppDatabase, email: string, ip: string, succeeded: boolean): Promise<void> {
  await db.insert(signInAttempts).values({ email, ip, succeeded });
}
