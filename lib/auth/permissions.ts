/**
 * Every permission of the product (SPEC section 9), typed so that the server checks and the UI
 * name them the same way. Grouped as in the Genesys permission list (seed 004).
 */
export const PERMISSION_GROUPS = {
  externalEntity: ['externalContacts:externalEntity:import'],
  contact: [
    'externalContacts:contact:view',
    'externalContacts:contact:add',
    'externalContacts:contact:edit',
    'externalContacts:contact:delete',
  ],
  importJob: [
    'externalContacts:importJob:add',
    'externalContacts:importJob:edit',
    'externalContacts:importJob:view',
    'externalContacts:importJob:viewAll',
  ],
  importCsvJob: ['externalContacts:importCsvJob:add'],
  importSettings: [
    'externalContacts:importSettings:add',
    'externalContacts:importSettings:delete',
    'externalContacts:importSettings:edit',
    'externalContacts:importSettings:view',
    'externalContacts:importSettings:viewAll',
  ],
  importCsvSettings: [
    'externalContacts:importCsvSettings:add',
    'externalContacts:importCsvSettings:delete',
    'externalContacts:importCsvSettings:edit',
    'externalContacts:importCsvSettings:view',
  ],
  importCsvUpload: [
    'externalContacts:importCsvUpload:add',
    'externalContacts:importCsvUpload:view',
  ],
  externalSource: [
    'externalContacts:externalSource:add',
    'externalContacts:externalSource:delete',
    'externalContacts:externalSource:edit',
    'externalContacts:externalSource:view',
  ],
  administration: ['admin:users:manage'],
} as const;

export type PermissionGroup = keyof typeof PERMISSION_GROUPS;
export type Permission = (typeof PERMISSION_GROUPS)[PermissionGroup][number];

export const ALL_PERMISSIONS: readonly Permission[] = Object.values(PERMISSION_GROUPS).flat();

export const EXTERNAL_CONTACTS_PERMISSIONS: readonly Permission[] = ALL_PERMISSIONS.filter(
  (p) => p.startsWith('externalContacts:'),
);

const known = new Set<string>(ALL_PERMISSIONS);
export function isPermission(value: string): value is Permission {
  return known.has(value);
}

/**
 * For what is the caller's own (their notifications, their tokens): any signed-in user holding
 * some grant. An operation must name permissions, and a user without any grant has nothing there.
 */
export const ANY_GRANTED_PERMISSION: readonly Permission[] = ALL_PERMISSIONS;
