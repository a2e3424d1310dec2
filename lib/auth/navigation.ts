import { ALL_DIVISIONS, ANY_DIVISION, hasAnyPermission, hasPermission, type Access, type DivisionScope } from './access';
import type { Permission } from './permissions';

export interface NavItem {
  href: string;
  labelKey: string;
  /** Shown when the user holds any one of these. */
  anyOf: readonly Permission[];
  /** ...and every one of these. */
  allOf?: readonly Permission[];
  scope?: DivisionScope;
  /** The item it is listed under, when that one is shown too. */
  parent?: string;
}

/**
 * A bulk import needs sending the file (importCsvUpload:add) and starting the job on it
 * (importJob:add, externalEntity:import and importCsvJob:add, as seed 004 lists them). The
 * wizard's page, its entry points and the nav use this one list; the server checks each job's
 * own needs (its division, the contact permissions of its load type: docs/permissions.md).
 */
export const BULK_IMPORT_PERMISSIONS = [
  'externalContacts:importCsvUpload:add', 'externalContacts:importJob:add',
  'externalContacts:externalEntity:import', 'externalContacts:importCsvJob:add',
] as const satisfies readonly Permission[];

export const NAV_ITEMS: readonly NavItem[] = [
  { href: '/contacts', labelKey: 'nav.contacts', anyOf: ['externalContacts:contact:view'] },
  // External contacts > Add > Bulk import, as in Genesys Cloud.
  {
    href: '/imports/new', labelKey: 'wizard.title', parent: '/contacts',
    anyOf: BULK_IMPORT_PERMISSIONS, allOf: BULK_IMPORT_PERMISSIONS,
  },
  {
    href: '/imports', labelKey: 'nav.imports',
    anyOf: ['externalContacts:importJob:view', 'externalContacts:importJob:viewAll'],
  },
  {
    href: '/import-profiles', labelKey: 'nav.importProfiles',
    anyOf: ['externalContacts:importSettings:view', 'externalContacts:importSettings:viewAll',
      'externalContacts:importCsvSettings:view'],
  },
  { href: '/external-sources', labelKey: 'nav.externalSources', anyOf: ['externalContacts:externalSource:view'] },
  // Administration is organisation-wide: see lib/admin/define.ts.
  { href: '/admin', labelKey: 'nav.administration', anyOf: ['admin:users:manage'], scope: ALL_DIVISIONS },
];

export function canSee(access: Access, item: NavItem): boolean {
  const scope = item.scope ?? ANY_DIVISION;
  return hasAnyPermission(access, item.anyOf, scope)
    && (item.allOf ?? []).every((permission) => hasPermission(access, permission, scope));
}

export function visibleNavItems(access: Access): NavItem[] {
  return NAV_ITEMS.filter((item) => canSee(access, item));
}

/** Whether the user may start a bulk import (the wizard at /imports/new). */
export function canStartBulkImport(access: Access): boolean {
  return BULK_IMPORT_PERMISSIONS.every((permission) => hasPermission(access, permission));
}

/** The parent of each nested item (for the nav, which receives only hrefs and labels). */
export const NAV_PARENTS: ReadonlyMap<string, string> = new Map(
  NAV_ITEMS.flatMap((item) => (item.parent ? [[item.href, item.parent] as const] : [])),
);

/** The link of the page being shown: the longest href that is the path or a folder of it. */
export function currentNavHref(pathname: string, hrefs: readonly string[]): string | undefined {
  return hrefs
    .filter((href) => pathname === href || pathname.startsWith(`${href}/`))
    .sort((a, b) => b.length - a.length)[0];
}
