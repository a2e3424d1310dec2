import { divisions } from '../../db/schema';
import { findDivisions, isDivisionNameTaken } from '../../db/queries/admin-roles';
import { recordAudit } from '../../db/queries/audit';
import { isUniqueViolation } from '../actions/operation';
import { DomainError } from '../actions/result';
import { divisionSchema, noInputSchema } from './schemas';
import { defineAdminOperation, inAdminTransaction } from './define';

export const listDivisions = defineAdminOperation({
  name: 'listDivisions',
  input: noInputSchema,
  run: (_input, { db }) => findDivisions(db),
});

const nameTaken = () => new DomainError('errors.nameTaken', 409, 'name');

export const createDivision = defineAdminOperation({
  name: 'createDivision',
  input: divisionSchema,
  async run({ name }, ctx) {
    if (await isDivisionNameTaken(ctx.db, name)) throw nameTaken();
    try {
      return await inAdminTransaction(ctx, async (db) => {
        const [division] = await db.insert(divisions).values({ name }).returning();
        await recordAudit(db, {
          actorUserId: ctx.user.id, action: 'division.create', targetType: 'division', targetId: division.id, details: { name },
        });
        return division;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken();
      throw error;
    }
  },
});
