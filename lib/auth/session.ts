import { cache } from 'react';
import { getServerSession } from 'next-auth';
import { and, eq } from 'drizzle-orm';
import { getDb } from '../../db';
import { users } from '../../db/schema';
import { loadAccess } from '../../db/queries/access';
import { authOptions } from './options';
import type { Access } from './access';

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  locale: string | null;
}

export interface CurrentUser {
  user: SessionUser;
  access: Access;
}

/**
 * The signed-in user and their access, read once per request. A deactivated or deleted user
 * gets null even while their session cookie is still valid, and so does a session signed in
 * before the user's password was reset (its session version is older than the user's): one
 * primary-key lookup, the same that reads the user.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await getServerSession(authOptions);
  const { id, sv } = (session?.user ?? {}) as { id?: string; sv?: number };
  if (!id) return null;
  const db = await getDb();
  const [row] = await db
    .select({ id: users.id, email: users.email, name: users.name, locale: users.locale })
    .from(users)
    .where(and(eq(users.id, id), eq(users.active, true), eq(users.sessionVersion, sv ?? 0)))
    .limit(1);
  if (!row) return null;
  return { user: row, access: await loadAccess(db, row.id) };
});
