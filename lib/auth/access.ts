import type { Permission } from './permissions';

/**
 * What one user may do: per division the permissions of their grants; `allDivisions` holds the
 * permissions granted in every division. Plain data, so it can be computed once per request.
 */
export interface Access {
  userId: string;
  allDivisions: ReadonlySet<Permission>;
  byDivision: ReadonlyMap<string, ReadonlySet<Permission>>;
}

export const ANY_DIVISION = Symbol('any division');
/** For organisation-wide powers (users, roles): only a grant in every division counts. */
export const ALL_DIVISIONS = Symbol('all divisions');
export type DivisionScope = string | typeof ANY_DIVISION | typeof ALL_DIVISIONS;

export function hasPermission(access: Access, permission: Permission, division: DivisionScope = ANY_DIVISION): boolean {
  if (access.allDivisions.has(permission)) return true;
  if (division === ALL_DIVISIONS) return false;
  if (division === ANY_DIVISION) {
    for (const perms of access.byDivision.values()) if (perms.has(permission)) return true;
    return false;
  }
  return access.byDivision.get(division)?.has(permission) ?? false;
}

/** Divisions in which the permission is held; `'all'` when it is granted in every division. */
export function divisionsWith(access: Access, permission: Permission): 'all' | string[] {
  if (access.allDivisions.has(permission)) return 'all';
  return [...access.byDivision].filter(([, perms]) => perms.has(permission)).map(([id]) => id);
}

export class ForbiddenError extends Error {
  readonly status = 403;
  constructor(readonly permission: Permission) {
    super(`Missing permission ${permission}`);
    this.name = 'ForbiddenError';
  }
}

export function requirePermission(access: Access, permission: Permission, division: DivisionScope = ANY_DIVISION): void {
  if (!hasPermission(access, permission, division)) throw new ForbiddenError(permission);
}

/** Throws as requirePermission unless at least one of the permissions is held. */
export function requireAnyPermission(access: Access, permissions: readonly Permission[], division: DivisionScope = ANY_DIVISION): void {
  if (!hasAnyPermission(access, permissions, division)) throw new ForbiddenError(permissions[0]);
}

/** True when at least one of the permissions is held (an operation may accept several). */
export function hasAnyPermission(access: Access, permissions: readonly Permission[], division: DivisionScope = ANY_DIVISION): boolean {
  return permissions.some((permission) => hasPermission(access, permission, division));
}
