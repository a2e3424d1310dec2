import { describe, expect, it } from 'vitest';
import { ANY_DIVISION, divisionsWith, ForbiddenError, hasPermission, requirePermission, type Access } from '@/lib/auth/access';
import { visibleNavItems } from '@/lib/auth/navigation';
import { ALL_PERMISSIONS, EXTERNAL_CONTACTS_PERMISSIONS, PERMISSION_GROUPS, type Permission } from '@/lib/auth/permissions';

function access(all: Permission[], byDivision: Record<string, Permission[]> = {}): Access {
  return {
    userId: 'u',
    allDivisions: new Set(all),
    byDivision: new Map(Object.entries(byDivision).map(([id, perms]) => [id, new Set(perms)])),
  };
}

describe('permissions of SPEC section 9', () => {
  it('lists each of the 26 permissions once, all but one in the externalContacts domain', () => {
    expect(new Set(ALL_PERMISSIONS).size).toBe(ALL_PERMISSIONS.length);
    expect(ALL_PERMISSIONS).toHaveLength(26);
    expect(EXTERNAL_CONTACTS_PERMISSIONS).toHaveLength(25);
    expect(PERMISSION_GROUPS.importSettings).toContain('externalContacts:importSettings:viewAll');
  });
});

describe('hasPermission', () => {
  const a = access(['externalContacts:contact:view'], { d1: ['externalContacts:contact:edit'] });

  it('grants in every division hold in any division', () => {
    expect(hasPermission(a, 'externalContacts:contact:view', 'd9')).toBe(true);
  });

  it('a division grant holds only in that division', () => {
    expect(hasPermission(a, 'externalContacts:contact:edit', 'd1')).toBe(true);
    expect(hasPermission(a, 'externalContacts:contact:edit', 'd2')).toBe(false);
    expect(hasPermission(a, 'externalContacts:contact:edit', ANY_DIVISION)).toBe(true);
  });

  it('refuses what no grant gives, with a ForbiddenError naming the permission', () => {
    expect(hasPermission(a, 'admin:users:manage')).toBe(false);
    expect(() => requirePermission(a, 'admin:users:manage')).toThrow(ForbiddenError);
    try { requirePermission(a, 'externalContacts:contact:delete', 'd1'); } catch (error) {
      expect((error as ForbiddenError).permission).toBe('externalContacts:contact:delete');
      expect((error as ForbiddenError).status).toBe(403);
    }
  });

  it('divisionsWith lists the divisions of a permission, or all', () => {
    expect(divisionsWith(a, 'externalContacts:contact:view')).toBe('all');
    expect(divisionsWith(a, 'externalContacts:contact:edit')).toEqual(['d1']);
    expect(divisionsWith(a, 'externalContacts:contact:add')).toEqual([]);
  });
});

describe('navigation', () => {
  it('shows a contact viewer External contacts only', () => {
    const items = visibleNavItems(access([], { d1: ['externalContacts:contact:view'] }));
    expect(items.map((i) => i.labelKey)).toEqual(['nav.contacts']);
  });

  it('shows an administrator every section, and Bulk import', () => {
    expect(visibleNavItems(access([...ALL_PERMISSIONS]))).toHaveLength(6);
  });

  it('shows Imports to holders of viewAll alone', () => {
    const items = visibleNavItems(access(['externalContacts:importJob:viewAll']));
    expect(items.map((i) => i.href)).toEqual(['/imports']);
  });
});
