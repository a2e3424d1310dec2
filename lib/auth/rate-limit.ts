import { and, eq, gt, or, sql } from 'drizzle-orm';
import { xactLock, type LockName } from '../../db/advisory-lock';
import type { AppDatabase } from '../../db/client';
import { signInAttempts } from '../../db/schema';

import { SIGN_IN_WINDOW_MINUTES } from './rate-limit-config';

export { SIGN_IN_WINDOW_MINUTES };
export const MAX_FAILURES_PER_EMAIL = 5;
export const MAX_FAILURES_PER_IP = 20;

// Advisory lock class of the sign-in counters (docs/locks-and-timeouts.md, docs/security.md).
const SIGN_IN_LOCK_CLASS = 727500;
const SIGN_IN_LOCK_WAIT_MS = 5_000;

const lockOf = (kind: 'email' | 'ip', value: string): LockName => ({
  lockClass: SIGN_IN_LOCK_CLASS, key: { hashOf: `${kind}:${value}` },
});

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

/**
 * Counts an attempt BEFORE its password is checked: under a lock per e-mail and per address, the
 * counters are read and, when below the limits, the attempt is written as a failure. Parallel
 * guesses therefore queue on the lock and each sees the ones before it; at most the limit of them
 * reach the password check. Null when refused (over a limit, or the lock not had in time).
 */
export async function takeSignInAttempt(db: AppDatabase, email: string, ip: string): Promise<string | null> {
  return db.transaction(async (tx) => {
    const wait = { timeoutMs: SIGN_IN_LOCK_WAIT_MS };
    if (!await xactLock(tx, lockOf('email', email), wait)) return null;
    if (ip !== '' && !await xactLock(tx, lockOf('ip', ip), wait)) return null;
    if (await isSignInBlocked(tx, email, ip)) return null;
    const [row] = await tx.insert(signInAttempts).values({ email, ip, succeeded: false }).returning({ id: signInAttempts.id });
    return row.id;
  });
}

/** The attempt taken by `takeSignInAttempt` turned out right: it no longer counts as a failure. */
export async function markSignInSucceeded(db: AppDatabase, attemptId: string): Promise<void> {
  await db.update(signInAttempts).set({ succeeded: true }).where(eq(signInAttempts.id, attemptId));
}
