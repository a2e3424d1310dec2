import { ALL_DIVISIONS, ANY_DIVISION, hasAnyPermission, type Access, type DivisionScope } from './access';
import type { Permission } from './permissions';

export interface NavItem {
  href: string;
  labelKey: string;
  /** Shown when the user holds any one of these. */
  anyOf: readonly Permission[];
  scope?: DivisionScope;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { href: '/contacts', labelKey: 'nav.contacts', anyOf: ['externalContacts:contact:view'] },
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
  return hasAnyPermission(access, item.anyOf, item.scope ?? ANY_DIVISION);
}

export function visibleNavItems(access: Access): NavItem[] {
  return NAV_ITEMS.filter((item) => canSee(access, item));
}
