import { asc, eq, ne, sql, and } from 'drizzle-orm';
import type { AppDatabase } from '../client';
import { divisions, grants, roles, type Division, type Role } from '../schema';

export interface RoleSummary extends Role {
  /** How many grants use the role (deleting it removes them). */
  grantCount: number;
}

const grantCount = sql<number>`(select count(*)::int from ${grants} where ${grants.roleId} = ${roles.id})`;

export function findRoles(db: AppDatabase): Promise<RoleSummary[]> {
  return db.select({
    id: roles.id, name: roles.name, description: roles.description, permissions: roles.permissions,
    isSystem: roles.isSystem, createdAt: roles.createdAt, grantCount,
  }).from(roles).orderBy(sql`lower(${roles.name})`);
}

export async function findRoleById(db: AppDatabase, id: string): Promise<RoleSummary | undefined> {
  const [row] = await db.select({
    id: roles.id, name: roles.name, description: roles.description, permissions: roles.permissions,
    isSystem: roles.isSystem, createdAt: roles.createdAt, grantCount,
  }).from(roles).where(eq(roles.id, id)).limit(1);
  return row;
}

/** Role names are unique whatever their case (the unique index is on lower(name)). */
export async function isRoleNameTaken(db: AppDatabase, name: string, exceptRoleId?: string): Promise<boolean> {
  const sameName = sql`lower(${roles.name}) = lower(${name})`;
  const [row] = await db.select({ id: roles.id }).from(roles)
    .where(exceptRoleId ? and(sameName, ne(roles.id, exceptRoleId)) : sameName).limit(1);
  return !!row;
}

export function findDivisions(db: AppDatabase): Promise<Division[]> {
  // The Home division first, then by name.
  return db.select().from(divisions).orderBy(sql`${divisions.isHome} desc`, sql`lower(${divisions.name})`, asc(divisions.id));
}

export async function findDivisionById(db: AppDatabase, id: string): Promise<Division | undefined> {
  const [row] = await db.select().from(divisions).where(eq(divisions.id, id)).limit(1);
  return row;
}

export async function isDivisionNameTaken(db: AppDatabase, name: string): Promise<boolean> {
  const [row] = await db.select({ id: divisions.id }).from(divisions)
    .where(sql`lower(${divisions.name}) = lower(${name})`).limit(1);
  return !!row;
}
