import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { createTestDatabase } from '../support/test-db';
import { createActor, homeDivisionId } from '../support/fixtures';
import type { DatabaseHandle } from '@/db/client';
import { queryRows } from '@/db/client';
import { auditLog, divisions, grants, roles, users } from '@/db/schema';
import { loadAccess } from '@/db/queries/access';
import { ADMINISTRATOR_ROLE } from '@/db/seed';
import type { z } from 'zod';
import { executeOperation, type AnyOperation, type Operation, type OperationContext } from '@/lib/actions/operation';
import { hasPermission } from '@/lib/auth/access';
import { ALL_PERMISSIONS } from '@/lib/auth/permissions';
import { verifyPassword } from '@/lib/auth/password';
import * as userOps from '@/lib/admin/users-operations';
import * as roleOps from '@/lib/admin/roles-operations';
import * as divisionOps from '@/lib/admin/divisions-operations';
import * as grantOps from '@/lib/admin/grants-operations';

const admin = { ...userOps, ...roleOps, ...divisionOps, ...grantOps };

vi.hoisted(() => { process.env.BCRYPT_COST ??= '4'; });

let handle: DatabaseHandle;
let caller: OperationContext;
let homeId: string;
const run = <S extends z.ZodType, O>(op: Operation<S, O>, input: unknown, ctx = caller) => executeOperation(op, input, ctx);
const password = 'correct horse battery';

beforeAll(async () => {
  handle = await createTestDatabase();
  caller = await createActor(handle.db, ['admin:users:manage'], null);
  homeId = await homeDivisionId(handle.db);
});
afterAll(async () => { await handle?.close(); });

/** Row counts plus a fingerprint of every user and role, so that a refused call provably changed nothing. */
async function countRows() {
  const [row] = await queryRows(handle.db, sql`select
    (select count(*) from users)::int as users, (select count(*) from roles)::int as roles,
    (select count(*) from grants)::int as grants, (select count(*) from divisions)::int as divisions,
    (select count(*) from audit_log)::int as audit,
    (select string_agg(concat_ws('|', name, email, active, password_hash), ',' order by id) from users) as user_state,
    (select string_agg(concat_ws('|', name, description, permissions), ',' order by id) from roles) as role_state`);
  return row;
}

async function auditActions(targetId: string) {
  const rows = await handle.db.select().from(auditLog).where(eq(auditLog.targetId, targetId)).orderBy(auditLog.id);
  return rows.map((r) => ({ action: r.action, actor: r.actorUserId }));
}

describe('users', () => {
  it('creates a user with a lower-cased e-mail and a bcrypt hash, and audits it', async () => {
    const result = await run(admin.createUser, { name: ' Ada Lovelace ', email: 'Ada@Example.com', password });
    expect(result.ok).toBe(true);
    const id = result.ok ? result.data.id : '';
    const [row] = await handle.db.select().from(users).where(eq(users.id, id));
    expect(row).toMatchObject({ name: 'Ada Lovelace', email: 'ada@example.com', active: true });
    expect(row.passwordHash).not.toContain(password);
    expect(await verifyPassword(password, row.passwordHash)).toBe(true);
    expect(await auditActions(id)).toEqual([{ action: 'user.create', actor: caller.user.id }]);
    const listed = await run(admin.listUsers, {});
    expect(listed.ok && listed.data.find((u) => u.id === id)).toMatchObject({ email: 'ada@example.com', grants: [] });
    expect(JSON.stringify(listed)).not.toContain('passwordHash');
  });

  it('refuses an e-mail already used, whatever its case, on create and on update', async () => {
    const before = await countRows();
    const result = await run(admin.createUser, { name: 'Other Ada', email: 'ADA@example.COM', password });
    expect(result).toMatchObject({ ok: false, status: 409, fieldErrors: { email: [{ key: 'errors.emailTaken' }] } });
    expect(await countRows()).toEqual(before);

    const other = await run(admin.createUser, { name: 'Grace', email: 'grace@example.com', password });
    if (!other.ok) throw new Error('setup failed');
    const update = await run(admin.updateUser, { id: other.data.id, name: 'Grace', email: 'Ada@example.com', active: true });
    expect(update).toMatchObject({ ok: false, status: 409, fieldErrors: { email: [{ key: 'errors.emailTaken' }] } });
    const [grace] = await handle.db.select().from(users).where(eq(users.id, other.data.id));
    expect(grace.email).toBe('grace@example.com');
  });

  it('refuses a password shorter than 12 characters', async () => {
    const before = await countRows();
    const result = await run(admin.createUser, { name: 'Short', email: 'short@example.com', password: 'elevenchars' });
    expect(result).toMatchObject({
      ok: false, status: 400, fieldErrors: { password: [{ key: 'errors.passwordTooShort', params: { min: 12 } }] },
    });
    expect(await countRows()).toEqual(before);
  });

  it('updates name, e-mail, status and password; an empty password keeps the current one', async () => {
    const created = await run(admin.createUser, { name: 'Linus', email: 'linus@example.com', password });
    if (!created.ok) throw new Error('setup failed');
    const id = created.data.id;
    const [{ passwordHash: firstHash }] = await handle.db.select().from(users).where(eq(users.id, id));
    const kept = await run(admin.updateUser, { id, name: 'Linus T.', email: 'LINUS.T@example.com', active: false, password: '' });
    expect(kept.ok).toBe(true);
    const [afterKeep] = await handle.db.select().from(users).where(eq(users.id, id));
    expect(afterKeep).toMatchObject({ name: 'Linus T.', email: 'linus.t@example.com', active: false, passwordHash: firstHash });

    const changed = await run(admin.updateUser, { id, name: 'Linus T.', email: 'linus.t@example.com', active: true, password: 'a brand new passphrase' });
    expect(changed.ok).toBe(true);
    const [afterChange] = await handle.db.select().from(users).where(eq(users.id, id));
    expect(await verifyPassword('a brand new passphrase', afterChange.passwordHash)).toBe(true);
    expect((await auditActions(id)).map((a) => a.action)).toEqual(['user.create', 'user.update', 'user.update']);

    const tooShort = await run(admin.updateUser, { id, name: 'Linus', email: 'linus.t@example.com', active: true, password: 'short' });
    expect(tooShort).toMatchObject({ ok: false, status: 400, fieldErrors: { password: [{ key: 'errors.passwordTooShort' }] } });
  });

  it('answers not found for an unknown user', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    expect(await run(admin.getUser, { id })).toMatchObject({ ok: false, status: 404 });
    expect(await run(admin.updateUser, { id, name: 'X', email: 'x@example.com', active: true }))
      .toMatchObject({ ok: false, status: 404 });
  });
});

describe('roles, divisions and grants', () => {
  it('creates a role, a division, grants the role there, and the user gets exactly those rights', async () => {
    const role = await run(admin.createRole, {
      name: 'Importers', description: 'Run imports',
      permissions: ['externalContacts:importJob:add', 'externalContacts:importJob:view', 'externalContacts:importJob:add'],
    });
    if (!role.ok) throw new Error(JSON.stringify(role));
    const [roleRow] = await handle.db.select().from(roles).where(eq(roles.id, role.data.id));
    expect(roleRow).toMatchObject({
      name: 'Importers', description: 'Run imports', isSystem: false,
      permissions: ['externalContacts:importJob:add', 'externalContacts:importJob:view'],
    });

    const division = await run(admin.createDivision, { name: 'Europe' });
    if (!division.ok) throw new Error(JSON.stringify(division));
    expect((await handle.db.select().from(divisions).where(eq(divisions.name, 'Europe')))).toHaveLength(1);
    expect(await run(admin.createDivision, { name: 'EUROPE' }))
      .toMatchObject({ ok: false, status: 409, fieldErrors: { name: [{ key: 'errors.nameTaken' }] } });

    const user = await run(admin.createUser, { name: 'Importer', email: 'importer@example.com', password });
    if (!user.ok) throw new Error('setup failed');
    const grant = await run(admin.addGrant, { userId: user.data.id, roleId: role.data.id, divisionId: division.data.id });
    expect(grant.ok).toBe(true);
    const rows = await handle.db.select().from(grants).where(eq(grants.userId, user.data.id));
    expect(rows).toMatchObject([{ roleId: role.data.id, divisionId: division.data.id }]);
    const access = await loadAccess(handle.db, user.data.id);
    expect(hasPermission(access, 'externalContacts:importJob:add', division.data.id)).toBe(true);
    expect(hasPermission(access, 'externalContacts:importJob:add', homeId)).toBe(false);
    expect(hasPermission(access, 'externalContacts:contact:view')).toBe(false);

    expect(await run(admin.addGrant, { userId: user.data.id, roleId: role.data.id, divisionId: division.data.id }))
      .toMatchObject({ ok: false, status: 409, error: { key: 'admin.errors.grantExists' } });
    const everywhere = await run(admin.addGrant, { userId: user.data.id, roleId: role.data.id, divisionId: null });
    expect(everywhere.ok).toBe(true);

    const listed = await run(admin.listGrants, { userId: user.data.id });
    expect(listed.ok && listed.data.map((g) => [g.roleName, g.divisionName])).toEqual([['Importers', null], ['Importers', 'Europe']]);
    const users = await run(admin.listUsers, {});
    expect(users.ok && users.data.find((u) => u.id === user.data.id)?.grants).toHaveLength(2);

    const removed = await run(admin.removeGrant, { grantId: grant.ok ? grant.data.id : '' });
    expect(removed.ok).toBe(true);
    expect(await handle.db.select().from(grants).where(eq(grants.userId, user.data.id))).toHaveLength(1);
    expect((await auditActions(user.data.id)).map((a) => a.action)).toEqual(['user.create', 'grant.add', 'grant.add', 'grant.remove']);
  });

  it('updates a role; refuses a duplicate name and unknown permissions', async () => {
    const role = await run(admin.createRole, { name: 'Viewers', permissions: ['externalContacts:contact:view'] });
    if (!role.ok) throw new Error('setup failed');
    const id = role.data.id;
    expect(await run(admin.updateRole, { id, name: 'Contact viewers', description: 'Read only', permissions: [] })).toMatchObject({ ok: true });
    const [row] = await handle.db.select().from(roles).where(eq(roles.id, id));
    expect(row).toMatchObject({ name: 'Contact viewers', description: 'Read only', permissions: [] });

    const before = await countRows();
    expect(await run(admin.createRole, { name: 'importers' }))
      .toMatchObject({ ok: false, status: 409, fieldErrors: { name: [{ key: 'errors.nameTaken' }] } });
    expect(await run(admin.updateRole, { id, name: 'IMPORTERS' }))
      .toMatchObject({ ok: false, status: 409, fieldErrors: { name: [{ key: 'errors.nameTaken' }] } });
    expect(await run(admin.createRole, { name: 'Bad', permissions: ['externalContacts:contact:fly'] }))
      .toMatchObject({ ok: false, status: 400 });
    expect(await countRows()).toEqual(before);

    expect(await run(admin.deleteRole, { id })).toMatchObject({ ok: true });
    expect(await handle.db.select().from(roles).where(eq(roles.id, id))).toHaveLength(0);
    expect((await auditActions(id)).map((a) => a.action)).toEqual(['role.create', 'role.update', 'role.delete']);
  });

  it('refuses to change or delete a built-in role', async () => {
    const [system] = await handle.db.select().from(roles).where(eq(roles.name, ADMINISTRATOR_ROLE));
    const before = await countRows();
    expect(await run(admin.deleteRole, { id: system.id }))
      .toMatchObject({ ok: false, status: 409, error: { key: 'errors.systemRole' } });
    expect(await run(admin.updateRole, { id: system.id, name: 'Renamed', permissions: [] }))
      .toMatchObject({ ok: false, status: 409, error: { key: 'errors.systemRole' } });
    expect(await countRows()).toEqual(before);
  });
});

describe('an admin keeps their own rights', () => {
  it('cannot remove their last grant of admin:users:manage, but may once another grant gives it', async () => {
    const me = await createActor(handle.db, ['admin:users:manage'], null);
    const [own] = await handle.db.select().from(grants).where(eq(grants.userId, me.user.id));
    const before = await countRows();
    expect(await run(admin.removeGrant, { grantId: own.id }, me))
      .toMatchObject({ ok: false, status: 409, error: { key: 'errors.cannotRemoveOwnAdmin' } });
    expect(await countRows()).toEqual(before);

    expect(await run(admin.updateRole, { id: own.roleId, name: 'Still mine', permissions: ['externalContacts:contact:view'] }, me))
      .toMatchObject({ ok: false, status: 409, error: { key: 'errors.cannotRemoveOwnAdmin' } });
    expect(await run(admin.deleteRole, { id: own.roleId }, me))
      .toMatchObject({ ok: false, status: 409, error: { key: 'errors.cannotRemoveOwnAdmin' } });
    expect(await run(admin.updateUser, { id: me.user.id, name: me.user.name, email: me.user.email, active: false }, me))
      .toMatchObject({ ok: false, status: 409, fieldErrors: { active: [{ key: 'errors.cannotRemoveOwnAdmin' }] } });
    expect(await countRows()).toEqual(before);

    const [administrator] = await handle.db.select().from(roles).where(eq(roles.name, ADMINISTRATOR_ROLE));
    expect(await run(admin.addGrant, { userId: me.user.id, roleId: administrator.id, divisionId: null }, me)).toMatchObject({ ok: true });
    expect(await run(admin.removeGrant, { grantId: own.id }, me)).toMatchObject({ ok: true });
    expect(await handle.db.select().from(grants).where(and(eq(grants.userId, me.user.id), eq(grants.id, own.id)))).toHaveLength(0);
  });
});

describe('callers without admin:users:manage in every division', () => {
  it('are refused every admin operation, and nothing changes', async () => {
    const others = ALL_PERMISSIONS.filter((p) => p !== 'admin:users:manage');
    const outsider = await createActor(handle.db, others, null);
    const divisionAdmin = await createActor(handle.db, ['admin:users:manage'], homeId);
    const [role] = await handle.db.select().from(roles).where(eq(roles.isSystem, false)).limit(1);
    const [grant] = await handle.db.select().from(grants).limit(1);
    const target = caller.user.id;
    const inputs: Record<keyof typeof admin, unknown> = {
      listUsers: {}, getUser: { id: target },
      createUser: { name: 'Intruder', email: 'intruder@example.com', password },
      updateUser: { id: target, name: 'Hacked', email: 'hacked@example.com', active: false, password },
      listRoles: {}, getRole: { id: role.id },
      createRole: { name: 'Everything', permissions: [...ALL_PERMISSIONS] },
      updateRole: { id: role.id, name: 'Hacked', permissions: [...ALL_PERMISSIONS] },
      deleteRole: { id: role.id },
      listDivisions: {}, createDivision: { name: 'Rogue' },
      listGrants: { userId: target },
      addGrant: { userId: outsider.user.id, roleId: role.id, divisionId: null },
      removeGrant: { grantId: grant.id },
    };
    const before = await countRows();
    for (const actor of [outsider, divisionAdmin]) {
      for (const [name, op] of Object.entries(admin) as [string, AnyOperation][]) {
        const result = await run(op, inputs[name as keyof typeof admin], actor);
        expect(result, name).toEqual({ ok: false, status: 403, error: { key: 'errors.forbidden' } });
      }
    }
    for (const [name, op] of Object.entries(admin) as [string, AnyOperation][]) {
      // Invalid input must not reveal more than the refusal either.
      expect(await run(op, { id: 'nope' }, outsider), name).toMatchObject({ ok: false, status: 403 });
    }
    expect(await countRows()).toEqual(before);
  });
});
