import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { AppDatabase } from '@/db/client';
import { divisions, grants, roles, users } from '@/db/schema';
import { loadAccess } from '@/db/queries/access';
import type { OperationContext } from '@/lib/actions/operation';
import type { Permission } from '@/lib/auth/permissions';

/**
 * What starting an import that creates and updates contacts needs besides importJob:add, in its
 * division (docs/permissions.md); one that can delete contacts needs contact:delete as well.
 */
export const IMPORTING: readonly Permission[] = [
  'externalContacts:externalEntity:import', 'externalContacts:importCsvJob:add',
  'externalContacts:contact:add', 'externalContacts:contact:edit',
];

export async function homeDivisionId(db: AppDatabase): Promise<string> {
  const [home] = await db.select().from(divisions).where(eq(divisions.isHome, true));
  return home.id;
}

/**
 * A user holding exactly the given permissions, through a role of their own, in one division
 * (or in all divisions when `divisionId` is null), and the context an operation runs with.
 */
export async function createActor(
  db: AppDatabase,
  permissions: readonly Permission[],
  divisionId: string | null = null,
): Promise<OperationContext> {
  const tag = randomBytes(4).toString('hex');
  const [user] = await db.insert(users).values({
    email: `user-${tag}@example.test`, name: `User ${tag}`, passwordHash: 'not-used',
  }).returning();
  const [role] = await db.insert(roles).values({ name: `Role ${tag}`, permissions: [...permissions] }).returning();
  await db.insert(grants).values({ userId: user.id, roleId: role.id, divisionId });
  return {
    db,
    user: { id: user.id, email: user.email, name: user.name, locale: null },
    access: await loadAccess(db, user.id),
  };
}
