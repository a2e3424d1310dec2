import { and, asc, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import type { AppDatabase } from '../client';
import { divisions, grants, roles, users } from '../schema';

export interface GrantSummary {
  id: string;
  userId: string;
  roleId: string;
  roleName: string;
  /** null: the grant applies in every division. */
  divisionId: string | null;
  divisionName: string | null;
  createdAt: Date;
}

export interface UserSummary {
  id: string;
  name: string;
  email: string;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface UserWithGrants extends UserSummary {
  grants: GrantSummary[];
}

// Never the password hash: these rows go to pages and to the API.
const userColumns = {
  id: users.id, name: users.name, email: users.email, active: users.active,
  createdAt: users.createdAt, updatedAt: users.updatedAt,
};

export async function findUsersWithGrants(db: AppDatabase): Promise<UserWithGrants[]> {
  const rows = await db.select(userColumns).from(users).orderBy(sql`lower(${users.name})`, asc(users.email));
  const allGrants = rows.length ? await selectGrants(db, inArray(grants.userId, rows.map((r) => r.id))) : [];
  const byUser = new Map<string, GrantSummary[]>();
  for (const grant of allGrants) byUser.set(grant.userId, [...(byUser.get(grant.userId) ?? []), grant]);
  return rows.map((row) => ({ ...row, grants: byUser.get(row.id) ?? [] }));
}

export async function findUserById(db: AppDatabase, id: string): Promise<UserSummary | undefined> {
  const [row] = await db.select(userColumns).from(users).where(eq(users.id, id)).limit(1);
  return row;
}

export function findGrantsOfUser(db: AppDatabase, userId: string): Promise<GrantSummary[]> {
  return selectGrants(db, eq(grants.userId, userId));
}

export async function findGrantById(db: AppDatabase, id: string): Promise<GrantSummary | undefined> {
  const [row] = await selectGrants(db, eq(grants.id, id));
  return row;
}

/** Grants with their role and division names; "all divisions" (null) first, then by division and role. */
function selectGrants(db: AppDatabase, where: SQL): Promise<GrantSummary[]> {
  return db
    .select({
      id: grants.id, userId: grants.userId, roleId: grants.roleId, roleName: roles.name,
      divisionId: grants.divisionId, divisionName: divisions.name, createdAt: grants.createdAt,
    })
    .from(grants)
    .innerJoin(roles, eq(grants.roleId, roles.id))
    .leftJoin(divisions, eq(grants.divisionId, divisions.id))
    .where(where)
    .orderBy(sql`${grants.divisionId} is not null`, sql`lower(${divisions.name})`, sql`lower(${roles.name})`);
}

/** E-mails are unique whatever their case (the unique index is on lower(email)). */
export async function isEmailTaken(db: AppDatabase, email: string, exceptUserId?: string): Promise<boolean> {
  const sameEmail = sql`lower(${users.email}) = lower(${email})`;
  const [row] = await db.select({ id: users.id }).from(users)
    .where(exceptUserId ? and(sameEmail, ne(users.id, exceptUserId)) : sameEmail).limit(1);
  return !!row;
}

export async function grantExists(db: AppDatabase, userId: string, roleId: string, divisionId: string | null) {
  const [row] = await db.select({ id: grants.id }).from(grants).where(and(
    eq(grants.userId, userId), eq(grants.roleId, roleId),
    divisionId === null ? sql`${grants.divisionId} is null` : eq(grants.divisionId, divisionId),
  )).limit(1);
  return !!row;
}
