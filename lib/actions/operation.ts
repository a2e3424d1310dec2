import type { z } from 'zod';
import type { AppDatabase } from '../../db/client';
import {
  ANY_DIVISION, ForbiddenError, hasAnyPermission, hasPermission, type Access, type DivisionScope,
} from '../auth/access';
import type { Permission } from '../auth/permissions';
import { DomainError, type ActionResult } from './result';
import { toFieldErrors } from './zod-errors';
import { unstorableTextPath } from './storable-text';

export interface Actor {
  user: { id: string; email: string; name: string; locale: string | null };
  access: Access;
}

export interface OperationContext extends Actor {
  db: AppDatabase;
}

/**
 * One thing a user can do, whatever the way in (server action, route handler, page, API):
 * the permission it needs, the schema of its input, and the body. The body runs only after the
 * input parsed and the permission held, so no caller can skip either.
 */
export interface Operation<S extends z.ZodType, O> {
  name: string;
  /** The permission it needs; with a list, any one of them (e.g. importJob:view or viewAll). */
  permission: Permission | readonly Permission[];
  input: S;
  /** Every one of these as well, where `permission` is checked (e.g. importCsvJob:add to start a job). */
  allOf?: readonly Permission[];
  /**
   * Permissions only some inputs need, checked before `run` (e.g. contact:delete for a job that
   * can delete contacts): `permissions` names every one it may ask for (the permission matrix
   * reads it), `needed` those this input needs, where `permission` is checked unless it says where.
   */
  requires?: {
    permissions: readonly Permission[];
    needed(input: z.output<S>, ctx: OperationContext): NeededPermissions | Promise<NeededPermissions>;
  };
  /** Where the permission must be held when no input decides it: any division unless set. */
  scope?: DivisionScope;
  /** Where the permission must be held, from the input (e.g. the division of the contact). */
  division?: (input: z.output<S>, ctx: OperationContext) => DivisionScope | Promise<DivisionScope>;
  run(input: z.output<S>, ctx: OperationContext): Promise<O>;
}

export type NeededPermissions = readonly Permission[] | { permissions: readonly Permission[]; division: DivisionScope };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyOperation = Operation<any, any>;

export function defineOperation<S extends z.ZodType, O>(operation: Operation<S, O>): Operation<S, O> {
  return operation;
}

export function isOperation(value: unknown): value is AnyOperation {
  return typeof value === 'object' && value !== null
    && typeof (value as AnyOperation).run === 'function'
    && (typeof (value as AnyOperation).permission === 'string' || Array.isArray((value as AnyOperation).permission));
}

export function permissionsOf(operation: AnyOperation): readonly Permission[] {
  const { permission } = operation;
  return typeof permission === 'string' ? [permission] : permission;
}

/** Every permission the operation may check: any of `permission`, all of `allOf`, and what `requires` may ask for. */
export function checkedPermissionsOf(operation: AnyOperation): readonly Permission[] {
  return [...new Set([...permissionsOf(operation), ...operation.allOf ?? [], ...operation.requires?.permissions ?? []])];
}

/** Whether the caller may run the operation at all: pages use it to decide what to show. */
export function canRun(access: Access, operation: AnyOperation, division: DivisionScope = operation.scope ?? ANY_DIVISION): boolean {
  return hasAnyPermission(access, permissionsOf(operation), division)
    && (operation.allOf ?? []).every((permission) => hasPermission(access, permission, division));
}

function requireOperationPermission(access: Access, operation: AnyOperation, division?: DivisionScope): void {
  if (!canRun(access, operation, division)) throw new ForbiddenError(permissionsOf(operation)[0]);
}

/** The permissions this input needs besides the operation's own (see `requires`) that the caller lacks. */
async function missingNeededPermissions<S extends z.ZodType>(
  operation: Operation<S, unknown>, input: z.output<S>, ctx: OperationContext, division: DivisionScope,
): Promise<Permission[]> {
  if (!operation.requires) return [];
  const needed = await operation.requires.needed(input, ctx);
  const { permissions, division: where }: { permissions: readonly Permission[]; division: DivisionScope } = 'division' in needed
    ? needed : { permissions: needed as readonly Permission[], division };
  for (const permission of permissions) {
    if (!operation.requires.permissions.includes(permission)) {
      throw new Error(`operation ${operation.name} needs ${permission}, not listed in its requires.permissions`);
    }
  }
  return permissions.filter((permission) => !hasPermission(ctx.access, permission, where));
}

/**
 * Whether the caller may run the operation on this input, by the very checks `executeOperation`
 * makes: pages use it to show, or explain, a button. `missing` lists what this input needs that
 * the caller lacks (`requires`); it is empty when they may not run the operation at all.
 */
export async function mayRun<S extends z.ZodType>(
  operation: Operation<S, unknown>, rawInput: unknown, ctx: OperationContext,
): Promise<{ allowed: boolean; missing: readonly Permission[] }> {
  const parsed = operation.input.safeParse(rawInput);
  if (!parsed.success || unstorableTextPath(parsed.data)) return { allowed: false, missing: [] };
  let scope: DivisionScope | undefined;
  try {
    scope = operation.division ? await operation.division(parsed.data, ctx) : undefined;
  } catch (error) {
    if (error instanceof DomainError || error instanceof ForbiddenError) return { allowed: false, missing: [] };
    throw error;
  }
  if (!canRun(ctx.access, operation, scope)) return { allowed: false, missing: [] };
  const missing = await missingNeededPermissions(operation, parsed.data, ctx, scope ?? operation.scope ?? ANY_DIVISION);
  return { allowed: missing.length === 0, missing };
}

export async function executeOperation<S extends z.ZodType, O>(
  operation: Operation<S, O>,
  rawInput: unknown,
  ctx: OperationContext,
): Promise<ActionResult<O>> {
  const parsed = operation.input.safeParse(rawInput);
  // A NUL would reach the database and fail there with its own text: refused here, by field.
  const unstorable = parsed.success ? unstorableTextPath(parsed.data) : null;
  if (!parsed.success || unstorable) {
    // Refuse before revealing anything about the input to a caller without the permission.
    try {
      requireOperationPermission(ctx.access, operation);
    } catch (error) {
      if (error instanceof ForbiddenError) return forbidden();
      throw error;
    }
    const fieldErrors = parsed.success ? { [unstorable!]: [{ key: 'errors.invalidCharacter' }] } : toFieldErrors(parsed.error);
    return { ok: false, status: 400, error: { key: 'errors.invalidInput' }, fieldErrors };
  }
  try {
    const scope = operation.division ? await operation.division(parsed.data, ctx) : undefined;
    requireOperationPermission(ctx.access, operation, scope);
    // The caller may do this in the division, not to this input: say which permission it lacks.
    const missing = await missingNeededPermissions(operation, parsed.data, ctx, scope ?? operation.scope ?? ANY_DIVISION);
    if (missing.length > 0) return { ok: false, status: 403, error: forbiddenMessage(missing) };
    return { ok: true, data: await operation.run(parsed.data, ctx) };
  } catch (error) {
    if (error instanceof ForbiddenError) return forbidden();
    if (error instanceof DomainError) {
      const message = { key: error.key, ...(error.params ? { params: error.params } : {}) };
      return {
        ok: false, status: error.status, error: message,
        ...(error.field ? { fieldErrors: { [error.field]: [message] } } : {}),
      };
    }
    if (isUniqueViolation(error)) return { ok: false, status: 409, error: { key: 'errors.nameTaken' } };
    console.error(`operation ${operation.name} failed`, error);
    return { ok: false, status: 500, error: { key: 'errors.unexpected' } };
  }
}

/** Refusals that name the permission, most telling first; any other keeps the generic message. */
const FORBIDDEN_KEYS: [Permission, string][] = [
  ['externalContacts:contact:delete', 'errors.forbiddenContactDelete'],
  ['externalContacts:contact:add', 'errors.forbiddenContactAdd'],
  ['externalContacts:contact:edit', 'errors.forbiddenContactEdit'],
];

/** The message of a refusal for want of these permissions (for a caller who may run the operation otherwise). */
export function forbiddenMessage(missing: readonly Permission[]): { key: string } {
  const found = FORBIDDEN_KEYS.find(([permission]) => missing.includes(permission));
  return { key: found ? found[1] : 'errors.forbidden' };
}

function forbidden(): ActionResult<never> {
  return { ok: false, status: 403, error: { key: 'errors.forbidden' } };
}

/** drizzle wraps the driver's error; the PostgreSQL code is on the cause. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string; cause?: { code?: string } })?.cause?.code
    ?? (error as { code?: string })?.code;
  return code === '23505';
}
