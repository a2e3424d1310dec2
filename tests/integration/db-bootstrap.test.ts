import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestDatabase } from '../support/test-db';
import type { DatabaseHandle } from '@/db/client';
import { grants, roles, users, divisions } from '@/db/schema';
import { seedDatabase, CONTACTS_ADMIN_ROLE } from '@/db/seed';
import { EXTERNAL_CONTACTS_PERMISSIONS } from '@/lib/auth/permissions';
import { loadAccess } from '@/db/queries/access';
import { hasPermission } from '@/lib/auth/access';
import { checkCredentials } from '@/lib/auth/credentials';

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

  it('without ADMIN_PASSWORD, generates the first admin password and prints it once', async () => {
    const db = handle.db;
    await db.delete(grants);
    await db.delete(users);
    const saved = { email: process.env.ADMIN_EMAIL, password: process.env.ADMIN_PASSWORD };
    delete process.env.ADMIN_PASSWORD;
    process.env.ADMIN_EMAIL = 'First.Admin@Example.test';
    const lines: string[] = [];
    try {
      await seedDatabase(db, (line) => lines.push(line));
      await seedDatabase(db, (line) => lines.push(line));
    } finally {
      if (saved.email === undefined) delete process.env.ADMIN_EMAIL; else process.env.ADMIN_EMAIL = saved.email;
      if (saved.password !== undefined) process.env.ADMIN_PASSWORD = saved.password;
    }
    expect(lines).toHaveLength(1);
    const match = lines[0].match(/first\.admin@example\.test \/ (\S+)/);
    expect(match, lines[0]).not.toBeNull();
    const signedIn = await checkCredentials(db, 'first.admin@example.test', match![1], '127.0.0.1');
    expect(signedIn.ok).toBe(true);
  });
});
