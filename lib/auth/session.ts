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
 * gets null even while their session cookie is still valid.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await getServerSession(authOptions);
  const id = (session?.user as { id?: string } | undefined)?.id;
  if (!id) return null;
  const db = await getDb();
  const [row] = await db
    .select({ id: users.id, email: users.email, name: users.name, locale: users.locale })
    .from(users)
    .where(and(eq(users.id, id), eq(users.active, true)))
    .limit(1);
  if (!row) return null;
  return { user: row, access: await loadAccess(db, row.id) };
});
