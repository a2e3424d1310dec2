import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { AppDatabase } from '../client';
import { personalAccessTokens, users, type PersonalAccessToken } from '../schema';

// A token is its owner's own: every query of the profile page takes the owner's id in its WHERE.

export type TokenRow = Omit<PersonalAccessToken, 'tokenHash' | 'rateWindowStart' | 'rateWindowCount'>;

const tokenColumns = {
  id: personalAccessTokens.id, userId: personalAccessTokens.userId, name: personalAccessTokens.name,
  prefix: personalAccessTokens.prefix, permissions: personalAccessTokens.permissions,
  expiresAt: personalAccessTokens.expiresAt, revokedAt: personalAccessTokens.revokedAt,
  lastUsedAt: personalAccessTokens.lastUsedAt, createdAt: personalAccessTokens.createdAt,
};

export function listTokensOfUser(db: AppDatabase, userId: string): Promise<TokenRow[]> {
  return db.select(tokenColumns).from(personalAccessTokens)
    .where(eq(personalAccessTokens.userId, userId))
    .orderBy(desc(personalAccessTokens.createdAt), desc(personalAccessTokens.id));
}

export async function insertToken(
  db: AppDatabase, values: Pick<PersonalAccessToken, 'userId' | 'name' | 'prefix' | 'tokenHash' | 'permissions' | 'expiresAt'>,
): Promise<TokenRow> {
  const [row] = await db.insert(personalAccessTokens).values(values).returning(tokenColumns);
  return row;
}

/** The revoked token, or undefined when the user has no such token or it was revoked already. */
export async function revokeTokenOfUser(db: AppDatabase, userId: string, id: string): Promise<TokenRow | undefined> {
  const [row] = await db.update(personalAccessTokens).set({ revokedAt: sql`now()` })
    .where(and(eq(personalAccessTokens.id, id), eq(personalAccessTokens.userId, userId), isNull(personalAccessTokens.revokedAt)))
    .returning(tokenColumns);
  return row;
}

export async function findTokenOfUser(db: AppDatabase, userId: string, id: string): Promise<TokenRow | undefined> {
  const [row] = await db.select(tokenColumns).from(personalAccessTokens)
    .where(and(eq(personalAccessTokens.id, id), eq(personalAccessTokens.userId, userId)));
  return row;
}

/** The token with this hash and its user, for an API call. */
export async function findTokenByHash(db: AppDatabase, tokenHash: string) {
  const [row] = await db.select({
    token: { ...tokenColumns, tokenHash: personalAccessTokens.tokenHash },
    user: { id: users.id, email: users.email, name: users.name, locale: users.locale, active: users.active },
  })
    .from(personalAccessTokens)
    .innerJoin(users, eq(users.id, personalAccessTokens.userId))
    .where(eq(personalAccessTokens.tokenHash, tokenHash))
    .limit(1);
  return row;
}

/**
 * Counts one call in the token's fixed window (a new window when the last one is over) and
 * notes the use, in one statement: the row lock makes concurrent calls count one by one, on
 * every instance. The right-hand sides all read the row as it was before the update.
 */
export async function countTokenCall(
  db: AppDatabase, tokenId: string, windowSeconds: number,
): Promise<{ count: number; windowStart: Date }> {
  const inWindow = sql`${personalAccessTokens.rateWindowStart} > now() - (${windowSeconds}::int * interval '1 second')`;
  const [row] = await db.update(personalAccessTokens).set({
    rateWindowCount: sql`case when ${inWindow} then ${personalAccessTokens.rateWindowCount} + 1 else 1 end`,
    rateWindowStart: sql`case when ${inWindow} then ${personalAccessTokens.rateWindowStart} else now() end`,
    lastUsedAt: sql`now()`,
  })
    .where(eq(personalAccessTokens.id, tokenId))
    .returning({ count: personalAccessTokens.rateWindowCount, windowStart: personalAccessTokens.rateWindowStart });
  return { count: row.count, windowStart: new Date(row.windowStart!) };
}
