import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { queryRows, type DatabaseHandle } from '@/db/client';
import { auditLog, divisions, externalSources, importJobs, importProfiles, uploads } from '@/db/schema';
import { executeOperation, type OperationContext } from '@/lib/actions/operation';
import type { Permission } from '@/lib/auth/permissions';
import {
  createImportProfile, getImportProfile, listImportProfiles, updateImportProfile,
} from '@/lib/import-profiles/operations';
import { fieldRowsForProfile } from '@/lib/import/wizard/fields';
import {
  countWizardDropContacts, loadWizardSettings, previewWizardSettings, saveWizardDraft, startWizardImport,
} from '@/lib/import/wizard/operations';
import { installJobQueues } from '@/lib/import/jobs/queue/boss';
import { startImportJob } from '@/lib/import/jobs/operations';
import type { WizardSettingsInput } from '@/lib/import/wizard/schemas';
import { createActor, IMPORTING } from '../support/fixtures';
import { createReadyUpload } from '../support/job-fixtures';
import { createTestDatabase } from '../support/test-db';

const CSV = [
  'ID externe;Prénom;Nom;Courriel professionnel;Téléphone mobile;Pays',
  'c-1;Amélie;Durand;amelie@example.fr;06 12 34 56 78;FR',
  'c-2;Bruno;Petit;not-an-email;+44 20 7946 0958;GB',
  'c-3;Chloé;Martin;chloe@example.fr;(415) 555-2671;US',
].join('\r\n');

const WIZARD: Permission[] = [
  'externalContacts:importJob:add', 'externalContacts:importJob:view',
  'externalContacts:importSettings:add', 'externalContacts:importSettings:edit', 'externalContacts:importSettings:view',
  ...IMPORTING,
];

let handle: DatabaseHandle;
let divisionA: string;
let divisionB: string;
let sourceId: string;
let inactiveSourceId: string;
let admin: OperationContext;

const count = async (table: string) =>
  (await queryRows<{ n: number }>(handle.db, sql.raw(`select count(*)::int as n from ${table}`)))[0].n;
const snapshotCounts = async () => ({
  profiles: await count('import_profiles'), jobs: await count('import_jobs'), audit: await count('audit_log'),
});

async function upload(actor: OperationContext, csv = CSV) {
  return createReadyUpload(handle.db, actor.user.id, csv, 'contacts.csv');
}

/** The form as a user would send it after choosing "Create new import setting". */
async function formFor(uploadId: string, overrides: Partial<WizardSettingsInput> = {}): Promise<WizardSettingsInput> {
  const [row] = await handle.db.select({ headers: uploads.headers }).from(uploads).where(eq(uploads.id, uploadId));
  return {
    uploadId, profileId: 'new', profileName: `Profile ${Math.random().toString(36).slice(2, 8)}`, saveProfile: false,
    externalSourceId: sourceId, matchBy: ['workEmail', 'externalId', 'cellPhone'], mergeMode: 'mergeAll',
    loadType: 'upsert', confirmDrop: false, divisionId: divisionA, description: 'Wizard import', onBehalfOf: '',
    defaultCountry: 'FR', emptyCellsClear: true, fields: fieldRowsForProfile(row.headers ?? []),
    ...overrides,
  };
}

beforeAll(async () => {
  handle = await createTestDatabase();
  const [a, b] = await handle.db.insert(divisions).values([{ name: 'Wizard A' }, { name: 'Wizard B' }]).returning();
  divisionA = a.id;
  divisionB = b.id;
  const [source, inactive] = await handle.db.insert(externalSources)
    .values([{ name: 'Wizard CRM' }, { name: 'Old CRM', active: false }]).returning();
  sourceId = source.id;
  inactiveSourceId = inactive.id;
  admin = await createActor(handle.db, WIZARD, divisionA);
  await installJobQueues(handle);
});

afterAll(async () => { await handle?.close(); });

describe('Next on the settings step', () => {
  it('creates the profile and starts a job frozen with the settings exactly as submitted', async () => {
    const { id } = await upload(admin);
    const form = await formFor(id);
    const result = await executeOperation(startWizardImport, form, admin);
    expect(result).toMatchObject({ ok: true, data: { status: 'running', step: 'validating', description: 'Wizard import' } });
    if (!result.ok) return;
    const [job] = await handle.db.select().from(importJobs).where(eq(importJobs.id, result.data.id));
    const [profile] = await handle.db.select().from(importProfiles).where(eq(importProfiles.id, job.profileId!));
    expect(profile).toMatchObject({
      name: form.profileName, createdBy: admin.user.id, externalSourceId: sourceId,
      matchBy: ['workEmail', 'externalId', 'cellPhone'], mergeMode: 'mergeAll', loadType: 'upsert',
      defaultCountry: 'FR', emptyCellsClear: true, defaultDivisionId: divisionA,
    });
    const mapping = {
      'ID externe': 'externalId', Prénom: 'firstName', Nom: 'lastName', 'Courriel professionnel': 'workEmail',
      'Téléphone mobile': 'cellPhone', Pays: 'countryCode',
    };
    expect(profile.columnMapping).toEqual(mapping);
    expect(job).toMatchObject({ divisionId: divisionA, requestedBy: admin.user.id, uploadId: id, origin: 'wizard' });
    expect(job.profileSnapshot).toEqual({
      externalSourceId: sourceId, matchBy: ['workEmail', 'externalId', 'cellPhone'], mergeMode: 'mergeAll',
      loadType: 'upsert', importFields: profile.importFields, columnMapping: mapping, defaultCountry: 'FR',
      emptyCellsClear: true, unmatchedRows: 'create', matchedRows: 'update',
    });
    expect(profile.importFields).toContain('cellPhone');
    const actions = (await handle.db.select().from(auditLog).where(eq(auditLog.actorUserId, admin.user.id))).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['importProfile.create', 'importJob.start']));
  });

  it('runs with the settings on screen when a chosen profile is not saved, and saves them when asked', async () => {
    const first = await executeOperation(startWizardImport, await formFor((await upload(admin)).id), admin);
    if (!first.ok) throw new Error(JSON.stringify(first));
    const [{ profileId }] = await handle.db.select({ profileId: importJobs.profileId }).from(importJobs).where(eq(importJobs.id, first.data.id));
    const [saved] = await handle.db.select().from(importProfiles).where(eq(importProfiles.id, profileId!));

    const onScreen = await formFor((await upload(admin)).id, { profileId: saved.id, profileName: '', matchBy: ['cellPhone', 'externalId'] });
    const unsaved = await executeOperation(startWizardImport, onScreen, admin);
    if (!unsaved.ok) throw new Error(JSON.stringify(unsaved));
    const [job] = await handle.db.select().from(importJobs).where(eq(importJobs.id, unsaved.data.id));
    expect(job.profileId).toBe(saved.id);
    expect(job.profileSnapshot).toMatchObject({ matchBy: ['cellPhone', 'externalId'] });
    const [unchanged] = await handle.db.select().from(importProfiles).where(eq(importProfiles.id, saved.id));
    expect(unchanged).toEqual(saved);

    const noEdit = await createActor(handle.db, WIZARD.filter((p) => !p.endsWith(':edit')), divisionA);
    await handle.db.update(importProfiles).set({ createdBy: noEdit.user.id }).where(eq(importProfiles.id, saved.id));
    const before = await snapshotCounts();
    const refused = await executeOperation(startWizardImport,
      { ...onScreen, uploadId: (await upload(noEdit)).id, saveProfile: true }, noEdit);
    expect(refused).toMatchObject({ ok: false, status: 403 });
    expect(await count('import_jobs')).toBe(before.jobs);

    await handle.db.update(importProfiles).set({ createdBy: admin.user.id }).where(eq(importProfiles.id, saved.id));
    const saving = await executeOperation(startWizardImport, { ...onScreen, saveProfile: true, uploadId: (await upload(admin)).id }, admin);
    expect(saving.ok).toBe(true);
    const [updated] = await handle.db.select().from(importProfiles).where(eq(importProfiles.id, saved.id));
    expect(updated).toMatchObject({ name: saved.name, matchBy: ['cellPhone', 'externalId'] });
  });

  it('refuses a profile name already taken, whatever its case, as a field error, writing nothing', async () => {
    const { id } = await upload(admin);
    const form = await formFor(id, { profileName: 'Shared name' });
    expect((await executeOperation(startWizardImport, form, admin)).ok).toBe(true);
    const before = await snapshotCounts();
    const again = await executeOperation(startWizardImport, { ...form, profileName: '  SHARED NAME ' }, admin);
    expect(again).toMatchObject({ ok: false, status: 409, fieldErrors: { profileName: [{ key: 'errors.nameTaken' }] } });
    expect(await snapshotCounts()).toEqual(before);
  });

  it('refuses to create a profile without importSettings:add, writing nothing', async () => {
    const actor = await createActor(handle.db, WIZARD.filter((p) => !p.includes(':importSettings:add')), divisionA);
    const form = await formFor((await upload(actor)).id);
    const before = await snapshotCounts();
    expect(await executeOperation(startWizardImport, form, actor)).toMatchObject({ ok: false, status: 403 });
    expect(await snapshotCounts()).toEqual(before);
  });

  it('refuses a division without importJob:add (403), someone else’s upload (404), an inactive source and a missing confirmation', async () => {
    const { id } = await upload(admin);
    const before = await snapshotCounts();
    expect(await executeOperation(startWizardImport, await formFor(id, { divisionId: divisionB }), admin))
      .toMatchObject({ ok: false, status: 403 });
    const other = await createActor(handle.db, WIZARD, divisionA);
    expect(await executeOperation(startWizardImport, await formFor(id), other))
      .toMatchObject({ ok: false, status: 404, fieldErrors: { uploadId: [{ key: 'errors.notFound' }] } });
    expect(await executeOperation(startWizardImport, await formFor(id, { externalSourceId: inactiveSourceId }), admin))
      .toMatchObject({ ok: false, status: 400, fieldErrors: { externalSourceId: [{ key: 'wizardSettings.errors.sourceInactive' }] } });
    expect(await executeOperation(startWizardImport, await formFor(id, { loadType: 'dropAndInsert' }), admin))
      .toMatchObject({ ok: false, status: 400, fieldErrors: { confirmDrop: [expect.anything()] } });
    expect(await executeOperation(startWizardImport, await formFor(id, { onBehalfOf: other.user.id }), admin))
      .toMatchObject({ ok: false, status: 403 });
    expect(await snapshotCounts()).toEqual(before);
  });

  it('runs on behalf of another user only for holders of importJob:viewAll in the division', async () => {
    const supervisor = await createActor(handle.db, [...WIZARD, 'externalContacts:importJob:viewAll'], divisionA);
    const agent = await createActor(handle.db, ['externalContacts:contact:view'], divisionA);
    const result = await executeOperation(startWizardImport,
      await formFor((await upload(supervisor)).id, { onBehalfOf: agent.user.id }), supervisor);
    if (!result.ok) throw new Error(JSON.stringify(result));
    const [job] = await handle.db.select().from(importJobs).where(eq(importJobs.id, result.data.id));
    expect(job).toMatchObject({ onBehalfOf: agent.user.id, requestedBy: supervisor.user.id });
  });
});

describe('preview, draft and page data', () => {
  it('previews the first rows normalised: phones in E.164, the invalid e-mail cell marked', async () => {
    const { id } = await upload(admin);
    const form = await formFor(id);
    const result = await executeOperation(previewWizardSettings, form, admin);
    if (!result.ok) throw new Error(JSON.stringify(result));
    const { columns, rows } = result.data;
    const at = (field: string) => columns.findIndex((c) => c.field === field);
    expect(at('cellPhone')).toBeGreaterThanOrEqual(0);
    expect(rows.map((r) => r.cells[at('cellPhone')].value)).toEqual(['+33612345678', '+442079460958', '+14155552671']);
    expect(rows.map((r) => r.valid)).toEqual([true, false, true]);
    expect(rows[1].cells[at('workEmail')]).toEqual({
      value: 'not-an-email', errors: [{
        code: 'invalidEmail', column: 'Courriel professionnel', params: { value: 'not-an-email' }, messageKey: 'importErrors.invalidEmail',
      }],
    });
    expect(rows[1].cells[at('firstName')]).toEqual({ value: 'Bruno', errors: [] });
    expect(rows[0].cells[at('countryCode')].value).toBe('FR');
  });

  it('keeps a draft with the upload and opens the page with it, the French headers mapped', async () => {
    const { id } = await upload(admin);
    const opened = await executeOperation(loadWizardSettings, { uploadId: id }, admin);
    if (!opened.ok) throw new Error(JSON.stringify(opened));
    const columnOf = (fields: { field: string; column: string }[], field: string) => fields.find((f) => f.field === field)?.column;
    expect(columnOf(opened.data.values.fields, 'firstName')).toBe('Prénom');
    expect(columnOf(opened.data.values.fields, 'workEmail')).toBe('Courriel professionnel');
    expect(opened.data.values.profileId).toBe('new');

    const draft = { ...(await formFor(id)), description: 'Half done', matchBy: ['cellPhone', 'workEmail'], loadType: 'deleteListed' as const };
    draft.fields = draft.fields.map((f) => (f.field === 'lastName' ? { ...f, column: '', include: false } : f));
    expect(await executeOperation(saveWizardDraft, { uploadId: id, draft }, admin)).toMatchObject({ ok: true });
    const reopened = await executeOperation(loadWizardSettings, { uploadId: id }, admin);
    if (!reopened.ok) throw new Error(JSON.stringify(reopened));
    const { uploadId: _u, confirmDrop: _c, ...kept } = draft;
    expect(reopened.data.values).toMatchObject(kept);
    expect(reopened.data.values.fields.find((f) => f.field === 'lastName')).toEqual({ field: 'lastName', column: '', include: false });

    const stranger = await createActor(handle.db, WIZARD, divisionA);
    expect(await executeOperation(saveWizardDraft, { uploadId: id, draft: { description: 'x' } }, stranger))
      .toMatchObject({ ok: false, status: 404 });
    expect(await executeOperation(loadWizardSettings, { uploadId: id }, stranger)).toMatchObject({ ok: false, status: 404 });
  });

  it('counts the contacts a drop and insert would delete in the division', async () => {
    expect(await executeOperation(countWizardDropContacts, { externalSourceId: sourceId, divisionId: divisionA }, admin))
      .toMatchObject({ ok: true, data: { count: 0 } });
    expect(await executeOperation(countWizardDropContacts, { externalSourceId: sourceId, divisionId: divisionB }, admin))
      .toMatchObject({ ok: false, status: 403 });
  });
});

describe('import profile operations', () => {
  it('shows own profiles with importSettings:view, all with viewAll; starting a job with an unseen one is 404', async () => {
    const owner = await createActor(handle.db, WIZARD, divisionA);
    const other = await createActor(handle.db, WIZARD, divisionA);
    const supervisor = await createActor(handle.db, ['externalContacts:importSettings:viewAll'], divisionA);
    const created = await executeOperation(createImportProfile, {
      name: `Own ${Date.now()}`, externalSourceId: sourceId, matchBy: ['externalId'], mergeMode: 'updateFirst', loadType: 'upsert',
    }, owner);
    if (!created.ok) throw new Error(JSON.stringify(created));
    const id = created.data.id;
    expect(await executeOperation(getImportProfile, { id }, owner)).toMatchObject({ ok: true, data: { id, createdBy: owner.user.id } });
    expect(await executeOperation(getImportProfile, { id }, other)).toMatchObject({ ok: false, status: 404 });
    expect(await executeOperation(getImportProfile, { id }, supervisor)).toMatchObject({ ok: true });
    const listed = await executeOperation(listImportProfiles, {}, other);
    expect(listed.ok && listed.data.some((p) => p.id === id)).toBe(false);

    const { id: uploadId } = await upload(other);
    const before = await snapshotCounts();
    expect(await executeOperation(startImportJob, { uploadId, profileId: id, divisionId: divisionA, description: 'x' }, other))
      .toMatchObject({ ok: false, status: 404, fieldErrors: { profileId: [{ key: 'errors.notFound' }] } });
    expect(await executeOperation(startWizardImport, await formFor(uploadId, { profileId: id, profileName: '' }), other))
      .toMatchObject({ ok: false, status: 404, fieldErrors: { profileId: [{ key: 'errors.notFound' }] } });
    expect(await snapshotCounts()).toEqual(before);
    expect(await executeOperation(updateImportProfile, {
      id, name: 'Taken over', externalSourceId: sourceId, matchBy: ['externalId'], mergeMode: 'updateFirst', loadType: 'upsert',
    }, other)).toMatchObject({ ok: false, status: 404 });
  });

  it('keeps names unique whatever their case, on create and on update', async () => {
    const base = { externalSourceId: sourceId, matchBy: ['externalId'], mergeMode: 'updateFirst', loadType: 'upsert' } as const;
    const a = await executeOperation(createImportProfile, { ...base, name: 'Unique Alpha' }, admin);
    const b = await executeOperation(createImportProfile, { ...base, name: 'Unique Beta' }, admin);
    if (!a.ok || !b.ok) throw new Error('setup');
    const before = await snapshotCounts();
    expect(await executeOperation(createImportProfile, { ...base, name: 'unique alpha' }, admin))
      .toMatchObject({ ok: false, status: 409, fieldErrors: { name: [{ key: 'errors.nameTaken' }] } });
    expect(await executeOperation(updateImportProfile, { ...base, id: b.data.id, name: 'UNIQUE ALPHA' }, admin))
      .toMatchObject({ ok: false, status: 409, fieldErrors: { name: [{ key: 'errors.nameTaken' }] } });
    expect(await snapshotCounts()).toEqual(before);
    expect(await executeOperation(updateImportProfile, { ...base, id: b.data.id, name: 'Unique Beta', matchBy: ['workEmail', 'externalId'] }, admin))
      .toMatchObject({ ok: true, data: { matchBy: ['workEmail', 'externalId'] } });
  });
});
