import { eq } from 'drizzle-orm';
import { grants } from '../../db/schema';
import { findGrantById, findGrantsOfUser, findUserById, grantExists } from '../../db/queries/admin-users';
import { findDivisionById, findRoleById } from '../../db/queries/admin-roles';
import { recordAudit } from '../../db/queries/audit';
import { isUniqueViolation } from '../actions/operation';
import { DomainError, notFound } from '../actions/result';
import { addGrantSchema, listGrantsSchema, removeGrantSchema } from './schemas';
import { assertCallerStillAdmin, defineAdminOperation, inAdminTransaction } from './define';

export const listGrants = defineAdminOperation({
  name: 'listGrants',
  input: listGrantsSchema,
  async run({ userId }, { db }) {
    if (!(await findUserById(db, userId))) throw notFound();
    return findGrantsOfUser(db, userId);
  },
});

const grantExistsError = () => new DomainError('admin.errors.grantExists', 409);

export const addGrant = defineAdminOperation({
  name: 'addGrant',
  input: addGrantSchema,
  async run({ userId, roleId, divisionId }, ctx) {
    const { db } = ctx;
    if (!(await findUserById(db, userId))) throw notFound();
    const role = await findRoleById(db, roleId);
    if (!role) throw new DomainError('errors.notFound', 404, 'roleId');
    const division = divisionId === null ? null : await findDivisionById(db, divisionId);
    if (division === undefined) throw new DomainError('errors.notFound', 404, 'divisionId');
    if (await grantExists(db, userId, roleId, divisionId)) throw grantExistsError();
    try {
      return await inAdminTransaction(ctx, async (tx) => {
        const [grant] = await tx.insert(grants).values({ userId, roleId, divisionId }).returning();
        await recordAudit(tx, {
          actorUserId: ctx.user.id, action: 'grant.add', targetType: 'user', targetId: userId,
          details: { grantId: grant.id, roleId, roleName: role.name, divisionId, divisionName: division?.name ?? null },
        });
        return grant;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw grantExistsError();
      throw error;
    }
  },
});

export const removeGrant = defineAdminOperation({
  name: 'removeGrant',
  input: removeGrantSchema,
  async run({ grantId }, ctx) {
    if (!(await findGrantById(ctx.db, grantId))) throw notFound();
    return inAdminTransaction(ctx, async (db) => {
      const grant = await findGrantById(db, grantId);
      if (!grant) throw notFound();
      await db.delete(grants).where(eq(grants.id, grantId));
      // Refused (and rolled back) when it was the caller's last grant of admin:users:manage.
      await assertCallerStillAdmin(db, ctx);
      await recordAudit(db, {
        actorUserId: ctx.user.id, action: 'grant.remove', targetType: 'user', targetId: grant.userId,
        details: {
          grantId, roleId: grant.roleId, roleName: grant.roleName,
          divisionId: grant.divisionId, divisionName: grant.divisionName,
        },
      });
      return { id: grantId, userId: grant.userId };
    });
  },
});
