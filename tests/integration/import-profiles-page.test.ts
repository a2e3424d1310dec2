import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { queryRows, type DatabaseHandle } from '@/db/client';
import { auditLog, externalSources, importJobs, importProfiles, uploads } from '@/db/schema';
import { executeOperation, type OperationContext } from '@/lib/actions/operation';
import type { Permission } from '@/lib/auth/permissions';
import {
  deleteImportProfile, duplicateImportProfile, getImportProfile, loadImportProfileForm, updateImportProfile,
} from '@/lib/import-profiles/operations';
import { createActor, homeDivisionId } from '../support/fixtures';
import { createTestDatabase } from '../support/test-db';

// contact:delete: some of these tests save profiles that delete contacts ("Drop and insert").
const SETTINGS: Permission[] = ['externalContacts:importSettings:view', 'externalContacts:importSettings:add',
  'externalContacts:importSettings:edit', 'externalContacts:importSettings:delete', 'externalContacts:contact:delete'];
const CSV_SETTINGS: Permission[] = ['externalContacts:importCsvSettings:view', 'externalContacts:importCsvSettings:add',
  'externalContacts:importCsvSettings:edit', 'externalContacts:importCsvSettings:delete'];
const MAPPING = { 'Courriel pro': 'workEmail', 'Réf': 'externalId', Notes: '' };

let handle: DatabaseHandle;
let home: string;
let sourceId: string;
let owner: OperationContext;
let csvOwner: OperationContext;
let stranger: OperationContext;
let viewAll: OperationContext;

const count = async (table: string) =>
  (await queryRows<{ n: number }>(handle.db, sql.raw(`select count(*)::int as n from ${table}`)))[0].n;
const readProfile = async (id: string) =>
  (await handle.db.select().from(importProfiles).where(eq(importProfiles.id, id)))[0];
/** Everything a refused call must leave as it was. */
const snapshot = async () => ({
  profiles: await handle.db.select().from(importProfiles).orderBy(importProfiles.id),
  audit: await count('audit_log'),
  jobs: await handle.db.select().from(importJobs).orderBy(importJobs.id),
});

async function insertProfile(createdBy: string, name = `Profile ${Math.random().toString(36).slice(2, 8)}`) {
  const [profile] = await handle.db.insert(importProfiles).values({
    name, externalSourceId: sourceId, matchBy: ['externalId', 'workEmail', 'cellPhone'], mergeMode: 'mergeAll',
    loadType: 'upsert', importFields: ['firstName', 'workEmail'], columnMapping: MAPPING, defaultCountry: 'FR',
    emptyCellsClear: true, defaultDivisionId: home, automationUserId: createdBy, createdBy,
  }).returning();
  return profile;
}

const formOf = (profile: typeof importProfiles.$inferSelect) => ({
  id: profile.id, name: profile.name, externalSourceId: profile.externalSourceId, matchBy: profile.matchBy,
  mergeMode: profile.mergeMode, loadType: profile.loadType, importFields: profile.importFields,
  defaultCountry: profile.defaultCountry, emptyCellsClear: profile.emptyCellsClear, defaultDivisionId: profile.defaultDivisionId,
});

beforeAll(async () => {
  handle = await createTestDatabase();
  home = await homeDivisionId(handle.db);
  [{ id: sourceId }] = await handle.db.insert(externalSources).values({ name: 'CRM Profiles' }).returning();
  owner = await createActor(handle.db, SETTINGS, home);
  csvOwner = await createActor(handle.db, CSV_SETTINGS, home);
  stranger = await createActor(handle.db, SETTINGS, null);
  viewAll = await createActor(handle.db, ['externalContacts:importSettings:viewAll'], null);
});
afterAll(async () => handle?.close());

describe('getImportProfile and loadImportProfileForm', () => {
  it('gives every setting with the names it refers to, to its owner and to viewAll holders only', async () => {
    const profile = await insertProfile(owner.user.id);
    for (const actor of [owner, viewAll]) {
      expect(await executeOperation(getImportProfile, { id: profile.id }, actor)).toMatchObject({
        ok: true, data: {
          name: profile.name, externalSourceName: 'CRM Profiles', externalSourceActive: true, defaultDivisionName: 'Home',
          automationUserName: owner.user.name, createdByName: owner.user.name, columnMapping: MAPPING,
          matchBy: ['externalId', 'workEmail', 'cellPhone'],
        },
      });
    }
    expect(await executeOperation(getImportProfile, { id: profile.id }, stranger)).toMatchObject({ ok: false, status: 404 });
  });

  it('loads the edit form only for holders of an edit permission', async () => {
    const profile = await insertProfile(owner.user.id);
    const form = await executeOperation(loadImportProfileForm, { id: profile.id }, owner);
    expect(form).toMatchObject({ ok: true, data: { profile: { id: profile.id }, sources: expect.arrayContaining([{ id: sourceId, name: 'CRM Profiles' }]) } });
    expect(form.ok && form.data.divisions.map((d) => d.name)).toContain('Home');
    expect(await executeOperation(loadImportProfileForm, { id: profile.id }, viewAll)).toMatchObject({ ok: false, status: 403 });
  });
});

describe('updateImportProfile', () => {
  it('saves a new match-by order and settings, keeps the remembered mappings, and audits the change', async () => {
    const profile = await insertProfile(owner.user.id);
    const result = await executeOperation(updateImportProfile, {
      ...formOf(profile), name: `${profile.name} renamed`, matchBy: ['cellPhone', 'externalId'], mergeMode: 'updateFirst',
      loadType: 'dropAndInsert', importFields: ['lastName'], defaultCountry: 'be', emptyCellsClear: false, defaultDivisionId: null,
    }, owner);
    expect(result.ok).toBe(true);
    expect(await readProfile(profile.id)).toMatchObject({
      name: `${profile.name} renamed`, matchBy: ['cellPhone', 'externalId'], mergeMode: 'updateFirst', loadType: 'dropAndInsert',
      importFields: ['lastName'], defaultCountry: 'BE', emptyCellsClear: false, defaultDivisionId: null, columnMapping: MAPPING,
    });
    const audits = await handle.db.select().from(auditLog)
      .where(and(eq(auditLog.targetId, profile.id), eq(auditLog.action, 'importProfile.update')));
    expect(audits).toHaveLength(1);
    expect(audits[0].actorUserId).toBe(owner.user.id);
  });

  it('refuses a name taken (whatever its case) as a field error, and an empty list of fields', async () => {
    const taken = await insertProfile(owner.user.id, 'Taken Name');
    const profile = await insertProfile(owner.user.id);
    const before = await snapshot();
    expect(await executeOperation(updateImportProfile, { ...formOf(profile), name: 'taken NAME' }, owner))
      .toMatchObject({ ok: false, status: 409, fieldErrors: { name: [{ key: 'errors.nameTaken' }] } });
    expect(await executeOperation(updateImportProfile, { ...formOf(profile), importFields: [] }, owner))
      .toMatchObject({ ok: false, status: 400, fieldErrors: { importFields: [{ key: 'wizardSettings.errors.noFieldIncluded' }] } });
    expect(await snapshot()).toEqual(before);
    expect(taken.name).toBe('Taken Name');
  });

  it('changes nothing for a caller without an edit permission, or who may not see the profile', async () => {
    const profile = await insertProfile(owner.user.id);
    const before = await snapshot();
    const change = { ...formOf(profile), matchBy: ['workEmail'] };
    expect(await executeOperation(updateImportProfile, change, viewAll)).toMatchObject({ ok: false, status: 403 });
    expect(await executeOperation(updateImportProfile, change, stranger)).toMatchObject({ ok: false, status: 404 });
    expect(await executeOperation(updateImportProfile, change, csvOwner)).toMatchObject({ ok: false, status: 404 });
    expect(await snapshot()).toEqual(before);
  });
});

describe('duplicateImportProfile', () => {
  it('names copies "(copy)", "(copy 2)"... skipping names taken whatever their case, in the caller\'s language', async () => {
    const original = await insertProfile(owner.user.id, 'Nightly CRM');
    const names: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const copy = await executeOperation(duplicateImportProfile, { id: original.id, locale: 'en' }, owner);
      if (!copy.ok) throw new Error(JSON.stringify(copy));
      names.push(copy.data.name);
    }
    expect(names).toEqual(['Nightly CRM (copy)', 'Nightly CRM (copy 2)', 'Nightly CRM (copy 3)']);
    await insertProfile(viewAll.user.id, 'NIGHTLY crm (COPY 4)');
    expect(await executeOperation(duplicateImportProfile, { id: original.id }, owner))
      .toMatchObject({ ok: true, data: { name: 'Nightly CRM (copy 5)' } });
    expect(await executeOperation(duplicateImportProfile, { id: original.id, locale: 'fr' }, owner))
      .toMatchObject({ ok: true, data: { name: 'Nightly CRM (copie)' } });
  });

  it('copies every setting into a profile owned by the caller, without the automation user, and audits it', async () => {
    const original = await insertProfile(viewAll.user.id);
    const admin = await createActor(handle.db, ['externalContacts:importSettings:viewAll', 'externalContacts:importSettings:add'], null);
    const result = await executeOperation(duplicateImportProfile, { id: original.id }, admin);
    if (!result.ok) throw new Error(JSON.stringify(result));
    const copy = await readProfile(result.data.id);
    const { id: _a, name: _b, createdAt: _c, updatedAt: _d, createdBy: _e, automationUserId: _f, ...settings } = original;
    expect(copy).toMatchObject({ ...settings, name: `${original.name} (copy)`, createdBy: admin.user.id, automationUserId: null });
    const [audit] = await handle.db.select().from(auditLog).where(eq(auditLog.targetId, copy.id));
    expect(audit).toMatchObject({ action: 'importProfile.duplicate', actorUserId: admin.user.id, details: { copiedFrom: original.id } });
  });

  it('shortens a long name so that the copy fits in 200 characters', async () => {
    const original = await insertProfile(owner.user.id, `${'L'.repeat(195)}-tail`);
    const result = await executeOperation(duplicateImportProfile, { id: original.id }, owner);
    expect(result).toMatchObject({ ok: true, data: { name: `${'L'.repeat(193)} (copy)` } });
  });

  it('changes nothing for a caller without an add permission, or who may not see the profile', async () => {
    const original = await insertProfile(owner.user.id);
    const before = await snapshot();
    expect(await executeOperation(duplicateImportProfile, { id: original.id }, viewAll)).toMatchObject({ ok: false, status: 403 });
    expect(await executeOperation(duplicateImportProfile, { id: original.id }, stranger)).toMatchObject({ ok: false, status: 404 });
    expect(await snapshot()).toEqual(before);
  });
});

describe('deleteImportProfile', () => {
  async function jobUsing(profile: typeof importProfiles.$inferSelect) {
    const [upload] = await handle.db.insert(uploads).values({ fileName: 'contacts.csv' }).returning();
    const [job] = await handle.db.insert(importJobs).values({
      uploadId: upload.id, profileId: profile.id, profileSnapshot: { ...formOf(profile), columnMapping: MAPPING },
      divisionId: home, requestedBy: profile.createdBy, status: 'completed', description: 'used the profile',
    }).returning();
    return job;
  }

  it('deletes the profile, keeps the jobs that used it with their frozen settings, and audits it', async () => {
    const profile = await insertProfile(owner.user.id);
    const job = await jobUsing(profile);
    expect(await executeOperation(deleteImportProfile, { id: profile.id }, owner))
      .toMatchObject({ ok: true, data: { id: profile.id, jobsKept: 1 } });
    expect(await readProfile(profile.id)).toBeUndefined();
    const [kept] = await handle.db.select().from(importJobs).where(eq(importJobs.id, job.id));
    expect(kept).toMatchObject({ profileId: null, status: 'completed', description: 'used the profile' });
    expect(kept.profileSnapshot).toEqual(job.profileSnapshot);
    const [audit] = await handle.db.select().from(auditLog)
      .where(and(eq(auditLog.targetId, profile.id), eq(auditLog.action, 'importProfile.delete')));
    expect(audit).toMatchObject({ actorUserId: owner.user.id, details: { jobsKept: 1, before: { name: profile.name } } });
  });

  it('changes nothing for a caller without a delete permission, or who may not see the profile', async () => {
    const profile = await insertProfile(owner.user.id);
    await jobUsing(profile);
    const before = await snapshot();
    const noDelete = await createActor(handle.db, SETTINGS.filter((p) => !p.endsWith(':delete')), home);
    await handle.db.update(importProfiles).set({ createdBy: noDelete.user.id }).where(eq(importProfiles.id, profile.id));
    const moved = await snapshot();
    expect(await executeOperation(deleteImportProfile, { id: profile.id }, noDelete)).toMatchObject({ ok: false, status: 403 });
    expect(await executeOperation(deleteImportProfile, { id: profile.id }, stranger)).toMatchObject({ ok: false, status: 404 });
    expect(await executeOperation(deleteImportProfile, { id: profile.id }, owner)).toMatchObject({ ok: false, status: 404 });
    expect(await snapshot()).toEqual(moved);
    expect(moved.audit).toBe(before.audit);
  });
});

describe('the importCsvSettings permissions', () => {
  it('allow the same actions as importSettings on the caller\'s own profiles', async () => {
    const profile = await insertProfile(csvOwner.user.id);
    expect(await executeOperation(getImportProfile, { id: profile.id }, csvOwner)).toMatchObject({ ok: true });
    expect(await executeOperation(updateImportProfile, { ...formOf(profile), matchBy: ['workEmail', 'externalId'] }, csvOwner))
      .toMatchObject({ ok: true, data: { matchBy: ['workEmail', 'externalId'] } });
    const copy = await executeOperation(duplicateImportProfile, { id: profile.id }, csvOwner);
    if (!copy.ok) throw new Error(JSON.stringify(copy));
    expect(await readProfile(copy.data.id)).toMatchObject({ createdBy: csvOwner.user.id });
    expect(await executeOperation(deleteImportProfile, { id: profile.id }, csvOwner)).toMatchObject({ ok: true });
    expect(await readProfile(profile.id)).toBeUndefined();
  });
});
