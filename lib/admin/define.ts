import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { AppDatabase } from '../../db/client';
import { xactLock } from '../../db/advisory-lock';
import { users } from '../../db/schema';
import { loadAccess } from '../../db/queries/access';
import { defineOperation, type Operation, type OperationContext } from '../actions/operation';
import { DomainError } from '../actions/result';
import { ALL_DIVISIONS, hasPermission, type Access } from '../auth/access';
import type { Permission } from '../auth/permissions';

export const ADMIN_PERMISSION: Permission = 'admin:users:manage';
const ADMIN_LOCK = 727_010;
const ADMIN_LOCK_WAIT_MS = 10_000;

/**
 * Users, roles and divisions belong to the whole organisation, so managing them needs
 * `admin:users:manage` in every division: someone holding it in one division only could
 * otherwise grant themselves any role everywhere.
 */
export function isOrganisationAdmin(access: Access): boolean {
  return hasPermission(access, ADMIN_PERMISSION, ALL_DIVISIONS);
}

export function defineAdminOperation<S extends z.ZodType, O>(operation: {
  name: string;
  input: S;
  run(input: z.output<S>, ctx: OperationContext): Promise<O>;
}): Operation<S, O> {
  return defineOperation({ ...operation, permission: ADMIN_PERMISSION, scope: ALL_DIVISIONS });
}

/**
 * Runs an admin change in a transaction, one at a time across every instance, so that two
 * admins revoking each other at once cannot leave the organisation without any admin.
 */
export function inAdminTransaction<T>(ctx: OperationContext, body: (db: AppDatabase) => Promise<T>): Promise<T> {
  return ctx.db.transaction(async (tx) => {
    // Admin changes are short: one still running after 10 s is stuck, and the caller hears so.
    if (!await xactLock(tx, { key: ADMIN_LOCK }, { timeoutMs: ADMIN_LOCK_WAIT_MS })) throw new DomainError('errors.busyTryAgain', 409);
    return body(tx);
  });
}

/** Called after a change that could take the caller's own rights away; throwing rolls it back. */
export async function assertCallerStillAdmin(db: AppDatabase, ctx: OperationContext, field?: string): Promise<void> {
  const [self] = await db.select({ active: users.active }).from(users).where(eq(users.id, ctx.user.id)).limit(1);
  if (!self?.active || !isOrganisationAdmin(await loadAccess(db, ctx.user.id))) {
    throw new DomainError('errors.cannotRemoveOwnAdmin', 409, field);
  }
}
