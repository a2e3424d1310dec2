import { hasAnyPermission, type Access } from '../auth/access';
import type { Permission } from '../auth/permissions';

/**
 * Genesys has two families of permissions for saved import settings: importSettings (the bulk
 * import's settings) and importCsvSettings (the CSV import's settings, i.e. the column mappings).
 * A profile here is both at once, so either family's permission allows the same action on it,
 * as the view permissions already did. Only importSettings has viewAll: without it a caller sees,
 * edits, copies and deletes the profiles they created (lib/import-profiles/profile-store.ts).
 */
export const PROFILE_PERMISSIONS = {
  view: ['externalContacts:importSettings:view', 'externalContacts:importSettings:viewAll',
    'externalContacts:importCsvSettings:view'],
  add: ['externalContacts:importSettings:add', 'externalContacts:importCsvSettings:add'],
  edit: ['externalContacts:importSettings:edit', 'externalContacts:importCsvSettings:edit'],
  delete: ['externalContacts:importSettings:delete', 'externalContacts:importCsvSettings:delete'],
} as const satisfies Record<string, readonly Permission[]>;

export interface ProfileAbilities {
  canEdit: boolean;
  canDuplicate: boolean;
  canDelete: boolean;
}

/** Which buttons a profile's page shows; every action checks again on the server. */
export function profileAbilitiesOf(access: Access): ProfileAbilities {
  return {
    canEdit: hasAnyPermission(access, PROFILE_PERMISSIONS.edit),
    canDuplicate: hasAnyPermission(access, PROFILE_PERMISSIONS.add),
    canDelete: hasAnyPermission(access, PROFILE_PERMISSIONS.delete),
  };
}
