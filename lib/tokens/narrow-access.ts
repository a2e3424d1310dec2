import type { Access } from '../auth/access';
import { isPermission, type Permission } from '../auth/permissions';

/** Every permission the user holds somewhere: what a token of theirs may be narrowed to. */
export function heldPermissions(access: Access): Set<Permission> {
  const held = new Set(access.allDivisions);
  for (const permissions of access.byDivision.values()) for (const p of permissions) held.add(p);
  return held;
}

/**
 * What a token may do: its user's access as it is now, kept to the token's permissions when it
 * names some. An intersection, so a token is never wider than its user, even after the user
 * lost a grant the token was created with.
 */
export function narrowAccess(access: Access, tokenPermissions: readonly string[] | null): Access {
  if (tokenPermissions === null) return access;
  const allowed = new Set(tokenPermissions.filter(isPermission));
  const keep = (permissions: ReadonlySet<Permission>) => new Set([...permissions].filter((p) => allowed.has(p)));
  return {
    userId: access.userId,
    allDivisions: keep(access.allDivisions),
    byDivision: new Map([...access.byDivision].map(([division, permissions]) => [division, keep(permissions)])),
  };
}
