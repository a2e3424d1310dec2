import { describe, expect, it } from 'vitest';
import { createImportProfileSchema, updateImportProfileSchema } from '@/lib/import-profiles/schemas';
import { skipsRow } from '@/lib/import/engine/apply-rows';
import { contactPermissionsFor, profileDeletesContacts } from '@/lib/import/jobs/contact-writes';
import { wizardSettingsSchema } from '@/lib/import/wizard/schemas';

// Create-only and update-only: which rows a job skips, and which settings a profile may not save.

const SOURCE = '00000000-0000-4000-8000-000000000001';
const profile = {
  name: 'P', externalSourceId: SOURCE, matchBy: ['externalId'], mergeMode: 'updateFirst', loadType: 'upsert',
  importFields: ['firstName'], defaultCountry: 'US', emptyCellsClear: false,
};
const wizard = {
  uploadId: SOURCE, profileId: 'new', profileName: 'P', saveProfile: false, externalSourceId: SOURCE, matchBy: ['externalId'],
  mergeMode: 'updateFirst', loadType: 'upsert', defaultCountry: 'US', emptyCellsClear: false, confirmDrop: true,
  divisionId: SOURCE, description: '', onBehalfOf: '', fields: [{ field: 'firstName', column: 'First Name', include: true }],
};

/** The field and message key of each issue, or 'ok'. */
function issues(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  return result.success ? 'ok' : result.error!.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('row actions', () => {
  it('skip a matched row under create-only and an unmatched one under update-only, with the load type upsert only', () => {
    const createOnly = { loadType: 'upsert', unmatchedRows: 'create', matchedRows: 'skip' } as const;
    const updateOnly = { loadType: 'upsert', unmatchedRows: 'skip', matchedRows: 'update' } as const;
    expect([skipsRow(createOnly, true), skipsRow(createOnly, false)]).toEqual([true, false]);
    expect([skipsRow(updateOnly, true), skipsRow(updateOnly, false)]).toEqual([false, true]);
    // A job frozen before the settings existed creates and updates.
    expect([skipsRow({ loadType: 'upsert' }, true), skipsRow({ loadType: 'upsert' }, false)]).toEqual([false, false]);
    for (const loadType of ['dropAndInsert', 'deleteListed'] as const) {
      expect(skipsRow({ ...updateOnly, loadType }, false)).toBe(false);
      expect(skipsRow({ ...createOnly, loadType }, true)).toBe(false);
    }
  });

  it('default to create and update, as the columns do', () => {
    expect(createImportProfileSchema.parse(profile)).toMatchObject({ unmatchedRows: 'create', matchedRows: 'update' });
    expect(wizardSettingsSchema.parse(wizard)).toMatchObject({ unmatchedRows: 'create', matchedRows: 'update' });
  });

  it('are refused with another load type, and both skipped, in the profile schemas and the wizard alike', () => {
    for (const schema of [createImportProfileSchema, updateImportProfileSchema, wizardSettingsSchema]) {
      const base = schema === wizardSettingsSchema ? wizard : { ...profile, id: SOURCE };
      const check = (extra: Record<string, unknown>) => issues(schema.safeParse({ ...base, ...extra }));
      expect(check({ unmatchedRows: 'skip' })).toBe('ok');
      expect(check({ matchedRows: 'skip' })).toBe('ok');
      expect(check({ loadType: 'dropAndInsert', unmatchedRows: 'skip' }))
        .toEqual(['unmatchedRows: wizardSettings.errors.rowActionsLoadType']);
      expect(check({ loadType: 'deleteListed', matchedRows: 'skip' }))
        .toEqual(['matchedRows: wizardSettings.errors.rowActionsLoadType']);
      expect(check({ unmatchedRows: 'skip', matchedRows: 'skip' })).toEqual(['matchedRows: wizardSettings.errors.rowActionsSkipBoth']);
      expect(check({ matchedRows: 'merge' })).not.toBe('ok');
    }
  });

  it('need only the contact permissions of what the import can still do', () => {
    const headers = ['External ID', 'First Name', 'Deleted'];
    const settings = { loadType: 'upsert' as const, columnMapping: {}, importFields: ['firstName'] };
    const add = 'externalContacts:contact:add';
    const edit = 'externalContacts:contact:edit';
    const remove = 'externalContacts:contact:delete';
    expect(contactPermissionsFor(settings, headers)).toEqual([add, edit, remove]);
    // Update-only creates no contact; a Deleted time still deletes the contact a row matches.
    expect(contactPermissionsFor({ ...settings, unmatchedRows: 'skip' }, headers)).toEqual([edit, remove]);
    // Create-only changes no stored contact, so its Deleted column deletes nothing either.
    expect(contactPermissionsFor({ ...settings, matchedRows: 'skip' }, headers)).toEqual([add]);
    expect(profileDeletesContacts({ loadType: 'upsert', columnMapping: { Gone: 'deleted' } })).toBe(true);
    expect(profileDeletesContacts({ loadType: 'upsert', columnMapping: { Gone: 'deleted' }, matchedRows: 'skip' })).toBe(false);
  });
});
