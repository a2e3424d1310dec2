import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestDatabase } from '../support/test-db';
import type { DatabaseHandle } from '@/db/client';
import { grants, roles, users, divisions } from '@/db/schema';
import { seedDatabase, CONTACTS_ADMIN_ROLE } from '@/db/seed';
import { EXTERNAL_CONTACTS_PERMISSIONS } from '@/lib/auth/permissions';
import { loadAccess } from '@/db/queries/access';
import { hasPermission } from '@/lib/auth/access';

let handle: DatabaseHandle;
beforeAll(async () => { handle = await createTestDatabase(); });
afterAll(async () => { await handle?.close(); });

describe('first start', () => {
  it('seeds the Home division, both built-in roles and one admin holding every permission', async () => {
    const db = handle.db;
    expect((await db.select().from(divisions)).map((d) => d.name)).toEqual(['Home']);
    const [contactsAdmin] = await db.select().from(roles).where(eq(roles.name, CONTACTS_ADMIN_ROLE));
    expect([...contactsAdmin.permissions].sort()).toEqual([...EXTERNAL_CONTACTS_PERMISSIONS].sort());
    const admins = await db.select().from(users);
    expect(admins).toHaveLength(1);
    const access = await loadAccess(db, admins[0].id);
    expect(hasPermission(access, 'admin:users:manage')).toBe(true);
    expect(hasPermission(access, 'externalContacts:importJob:viewAll', 'any-division-id')).toBe(true);
  });

  it('is idempotent: a second start adds no user, role or grant', async () => {
    const db = handle.db;
    const count = async () => (await db.execute(sql`select
      (select count(*) from users) + (select count(*) from roles) + (select count(*) from grants) as n`));
    const before = JSON.stringify(await count());
    await seedDatabase(db, () => {});
    expect(JSON.stringify(await count())).toBe(before);
    expect((await db.select().from(grants)).length).toBe(2);
  });
});
