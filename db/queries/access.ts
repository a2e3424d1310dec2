import { eq } from 'drizzle-orm';
import type { AppDatabase } from '../client';
import { grants, roles } from '../schema';
import type { Access } from '../../lib/auth/access';
import { isPermission, type Permission } from '../../lib/auth/permissions';

/** The union of a user's grants, per division and for all divisions. */
export async function loadAccess(db: AppDatabase, userId: string): Promise<Access> {
  const rows = await db
    .select({ divisionId: grants.divisionId, permissions: roles.permissions })
    .from(grants)
    .innerJoin(roles, eq(grants.roleId, roles.id))
    .where(eq(grants.userId, userId));
  const allDivisions = new Set<Permission>();
  const byDivision = new Map<string, Set<Permission>>();
  for (const row of rows) {
    const target = row.divisionId === null
      ? allDivisions
      : byDivision.get(row.divisionId) ?? byDivision.set(row.divisionId, new Set()).get(row.divisionId)!;
    for (const p of row.permissions) if (isPermission(p)) target.add(p);
  }
  return { userId, allDivisions, byDivision };
}
