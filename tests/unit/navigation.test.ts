import { describe, expect, it } from 'vitest';
import type { Access } from '@/lib/auth/access';
import { BULK_IMPORT_PERMISSIONS, canStartBulkImport, currentNavHref, NAV_PARENTS, visibleNavItems } from '@/lib/auth/navigation';
import type { Permission } from '@/lib/auth/permissions';

function access(all: Permission[], byDivision: Record<string, Permission[]> = {}): Access {
  return {
    userId: 'u',
    allDivisions: new Set(all),
    byDivision: new Map(Object.entries(byDivision).map(([id, perms]) => [id, new Set(perms)])),
  };
}

const hrefs = (a: Access) => visibleNavItems(a).map((item) => item.href);

describe('External contacts > Bulk import', () => {
  it('is shown, under External contacts, to holders of importCsvUpload:add, importJob:add, externalEntity:import and importCsvJob:add', () => {
    const all = access(['externalContacts:contact:view'], {
      d1: ['externalContacts:importJob:add', 'externalContacts:externalEntity:import'],
      d2: ['externalContacts:importCsvUpload:add', 'externalContacts:importCsvJob:add'],
    });
    expect(hrefs(all)).toEqual(['/contacts', '/imports/new']);
    expect(canStartBulkImport(all)).toBe(true);
    expect(NAV_PARENTS.get('/imports/new')).toBe('/contacts');
  });

  it('is hidden from holders of all but one of them', () => {
    for (const missing of BULK_IMPORT_PERMISSIONS) {
      const a = access(['externalContacts:contact:view', ...BULK_IMPORT_PERMISSIONS.filter((p) => p !== missing)]);
      expect(hrefs(a), missing).toEqual(['/contacts']);
      expect(canStartBulkImport(a), missing).toBe(false);
    }
  });
});

describe('currentNavHref', () => {
  const all = ['/contacts', '/imports/new', '/imports', '/admin'];

  it('marks the most precise link of the page', () => {
    expect(currentNavHref('/imports/new', all)).toBe('/imports/new');
    expect(currentNavHref('/imports/new/5f0c', all)).toBe('/imports/new');
    expect(currentNavHref('/imports/jobs/5f0c/validation', all)).toBe('/imports');
    expect(currentNavHref('/imports', all)).toBe('/imports');
    expect(currentNavHref('/contacts/12', all)).toBe('/contacts');
    expect(currentNavHref('/importsx', all)).toBeUndefined();
  });
});
