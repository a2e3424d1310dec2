import { eq, sql } from 'drizzle-orm';
import { users } from '../../db/schema';
import { findGrantsOfUser, findUserById, findUsersWithGrants, isEmailTaken } from '../../db/queries/admin-users';
import { recordAudit } from '../../db/queries/audit';
import { isUniqueViolation } from '../actions/operation';
import { DomainError, notFound } from '../actions/result';
import { hashPassword } from '../auth/password';
import { byIdSchema, createUserSchema, noInputSchema, updateUserSchema } from './schemas';
import { defineAdminOperation, inAdminTransaction } from './define';

export const listUsers = defineAdminOperation({
  name: 'listUsers',
  input: noInputSchema,
  run: (_input, { db }) => findUsersWithGrants(db),
});

export const getUser = defineAdminOperation({
  name: 'getUser',
  input: byIdSchema,
  async run({ id }, { db }) {
    const user = await findUserById(db, id);
    if (!user) throw notFound();
    return { ...user, grants: await findGrantsOfUser(db, id) };
  },
});

const emailTaken = () => new DomainError('errors.emailTaken', 409, 'email');

export const createUser = defineAdminOperation({
  name: 'createUser',
  input: createUserSchema,
  async run(input, ctx) {
    const email = input.email.toLowerCase();
    if (await isEmailTaken(ctx.db, email)) throw emailTaken();
    const passwordHash = await hashPassword(input.password);
    try {
      return await inAdminTransaction(ctx, async (db) => {
        const [user] = await db.insert(users).values({ name: input.name, email, passwordHash })
          .returning({ id: users.id, name: users.name, email: users.email, active: users.active });
        await recordAudit(db, {
          actorUserId: ctx.user.id, action: 'user.create', targetType: 'user', targetId: user.id,
          details: { name: user.name, email },
        });
        return user;
      });
    } catch (error) {
      // Two admins creating the same e-mail at once: the unique index decides.
      if (isUniqueViolation(error)) throw emailTaken();
      throw error;
    }
  },
});

export const updateUser = defineAdminOperation({
  name: 'updateUser',
  input: updateUserSchema,
  async run({ id, password, ...input }, ctx) {
    const email = input.email.toLowerCase();
    if (id === ctx.user.id && !input.active) throw new DomainError('errors.cannotRemoveOwnAdmin', 409, 'active');
    const before = await findUserById(ctx.db, id);
    if (!before) throw notFound();
    if (await isEmailTaken(ctx.db, email, id)) throw emailTaken();
    const passwordHash = password ? await hashPassword(password) : undefined;
    try {
      return await inAdminTransaction(ctx, async (db) => {
        const [user] = await db.update(users)
          .set({
            name: input.name, email, active: input.active, updatedAt: new Date(), ...(passwordHash && { passwordHash }),
            // A new password or a deactivation ends the sessions signed in before (lib/auth/session.ts).
            ...((passwordHash || !input.active) && { sessionVersion: sql`${users.sessionVersion} + 1` }),
          })
          .where(eq(users.id, id))
          .returning({ id: users.id, name: users.name, email: users.email, active: users.active });
        if (!user) throw notFound();
        await recordAudit(db, {
          actorUserId: ctx.user.id, action: 'user.update', targetType: 'user', targetId: id,
          details: { before: pick(before), after: pick(user), passwordChanged: !!passwordHash },
        });
        return user;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw emailTaken();
      throw error;
    }
  },
});

function pick(user: { name: string; email: string; active: boolean }) {
  return { name: user.name, email: user.email, active: user.active };
}
