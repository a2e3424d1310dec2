import { eq, sql } from 'drizzle-orm';
import type { AppDatabase } from './client';
import { xactLockOrThrow } from './advisory-lock';
import { divisions, grants, roles, users } from './schema';
import { ALL_PERMISSIONS, EXTERNAL_CONTACTS_PERMISSIONS } from '../lib/auth/permissions';
import { generatePassword, hashPassword } from '../lib/auth/password';
import { config } from '../lib/config';

export const HOME_DIVISION = 'Home';
export const CONTACTS_ADMIN_ROLE = 'External contacts admin';
export const ADMINISTRATOR_ROLE = 'Administrator';
const SEED_LOCK = 727_002;

/**
 * Creates what a first start needs: the Home division, the two built-in roles (kept in step
 * with the permission list on every start) and, when there is no user yet, a first admin.
 */
export async function seedDatabase(db: AppDatabase, log: (line: string) => void = console.log): Promise<void> {
  await db.transaction(async (tx) => {
    // Instances starting together take turns; a seed still holding it after a minute is stuck.
    await xactLockOrThrow(tx, { key: SEED_LOCK }, { timeoutMs: 60_000 });

    let [home] = await tx.select().from(divisions).where(eq(divisions.isHome, true)).limit(1);
    if (!home) [home] = await tx.insert(divisions).values({ name: HOME_DIVISION, isHome: true }).returning();

    const contactsAdmin = await upsertSystemRole(tx, CONTACTS_ADMIN_ROLE, [...EXTERNAL_CONTACTS_PERMISSIONS]);
    const administrator = await upsertSystemRole(tx, ADMINISTRATOR_ROLE, [...ALL_PERMISSIONS]);

    const [{ count }] = await tx.select({ count: sql<number>`count(*)::int` }).from(users);
    if (count > 0) return;

    const settings = config();
    const email = settings.ADMIN_EMAIL.toLowerCase();
    const generated = !settings.ADMIN_PASSWORD;
    const password = settings.ADMIN_PASSWORD ?? generatePassword();
    const [admin] = await tx.insert(users).values({
      email, name: 'Administrator', passwordHash: await hashPassword(password),
    }).returning();
    await tx.insert(grants).values([
      { userId: admin.id, roleId: administrator.id, divisionId: null },
      { userId: admin.id, roleId: contactsAdmin.id, divisionId: null },
    ]);
    if (generated) {
      log(`First administrator created: ${email} / ${password}  (shown once; set ADMIN_EMAIL and ADMIN_PASSWORD to choose them)`);
    } else {
      log(`First administrator created: ${email}`);
    }
  });
}

type Tx = Parameters<Parameters<AppDatabase['transaction']>[0]>[0];

async function upsertSystemRole(tx: Tx, name: string, permissions: string[]) {
  const [existing] = await tx.select().from(roles).where(sql`lower(${roles.name}) = lower(${name})`).limit(1);
  if (existing) {
    if (existing.isSystem) {
      const [updated] = await tx.update(roles).set({ permissions }).where(eq(roles.id, existing.id)).returning();
      return updated;
    }
    return existing;
  }
  const [created] = await tx.insert(roles).values({ name, permissions, isSystem: true }).returning();
  return created;
}
