import { eq } from 'drizzle-orm';
import { roles } from '../../db/schema';
import { findRoleById, findRoles, isRoleNameTaken } from '../../db/queries/admin-roles';
import type { AppDatabase } from '../../db/client';
import { recordAudit } from '../../db/queries/audit';
import { isUniqueViolation, type OperationContext } from '../actions/operation';
import { DomainError, notFound } from '../actions/result';
import type { Permission } from '../auth/permissions';
import { byIdSchema, noInputSchema, roleFieldsSchema, updateRoleSchema } from './schemas';
import { assertCallerStillAdmin, defineAdminOperation, inAdminTransaction } from './define';

export const listRoles = defineAdminOperation({
  name: 'listRoles',
  input: noInputSchema,
  run: (_input, { db }) => findRoles(db),
});

export const getRole = defineAdminOperation({
  name: 'getRole',
  input: byIdSchema,
  async run({ id }, { db }) {
    const role = await findRoleById(db, id);
    if (!role) throw notFound();
    return role;
  },
});

const nameTaken = () => new DomainError('errors.nameTaken', 409, 'name');

/** A stable, duplicate-free list, so that audit entries compare cleanly. */
function normalise(permissions: readonly Permission[] = []): Permission[] {
  return [...new Set(permissions)].sort();
}

async function withUniqueName<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
}

export const createRole = defineAdminOperation({
  name: 'createRole',
  input: roleFieldsSchema,
  async run(input, ctx) {
    if (await isRoleNameTaken(ctx.db, input.name)) throw nameTaken();
    const values = { name: input.name, description: input.description ?? '', permissions: normalise(input.permissions) };
    return withUniqueName(() => inAdminTransaction(ctx, async (db) => {
      const [role] = await db.insert(roles).values(values).returning();
      await recordAudit(db, {
        actorUserId: ctx.user.id, action: 'role.create', targetType: 'role', targetId: role.id, details: values,
      });
      return role;
    }));
  },
});

/** Built-in roles are kept in step with the permission list on every start: they cannot be changed. */
async function findEditableRole(db: AppDatabase, id: string) {
  const role = await findRoleById(db, id);
  if (!role) throw notFound();
  if (role.isSystem) throw new DomainError('errors.systemRole', 409);
  return role;
}

export const updateRole = defineAdminOperation({
  name: 'updateRole',
  input: updateRoleSchema,
  async run({ id, ...input }, ctx: OperationContext) {
    await findEditableRole(ctx.db, id);
    if (await isRoleNameTaken(ctx.db, input.name, id)) throw nameTaken();
    return withUniqueName(() => inAdminTransaction(ctx, async (db) => {
      const before = await findEditableRole(db, id);
      const after = {
        name: input.name,
        description: input.description ?? before.description,
        permissions: input.permissions ? normalise(input.permissions) : before.permissions,
      };
      const [role] = await db.update(roles).set(after).where(eq(roles.id, id)).returning();
      // Taking admin:users:manage out of a role the caller relies on would lock them out.
      await assertCallerStillAdmin(db, ctx, 'permissions');
      await recordAudit(db, {
        actorUserId: ctx.user.id, action: 'role.update', targetType: 'role', targetId: id,
        details: { before: { name: before.name, description: before.description, permissions: before.permissions }, after },
      });
      return role;
    }));
  },
});

export const deleteRole = defineAdminOperation({
  name: 'deleteRole',
  input: byIdSchema,
  async run({ id }, ctx) {
    await findEditableRole(ctx.db, id);
    return inAdminTransaction(ctx, async (db) => {
      const role = await findEditableRole(db, id);
      await db.delete(roles).where(eq(roles.id, id)); // its grants go with it (on delete cascade)
      await assertCallerStillAdmin(db, ctx);
      await recordAudit(db, {
        actorUserId: ctx.user.id, action: 'role.delete', targetType: 'role', targetId: id,
        details: { name: role.name, permissions: role.permissions, grantCount: role.grantCount },
      });
      return { id };
    });
  },
});
