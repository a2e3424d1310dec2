import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { queryRows } from '@/db/client';
import { externalSources, grants, importJobs, importProfiles, roles } from '@/db/schema';
import { executeOperation, type OperationContext } from '@/lib/actions/operation';
import type { Permission } from '@/lib/auth/permissions';
import { createImportProfile, duplicateImportProfile, updateImportProfile } from '@/lib/import-profiles/operations';
import type { LoadType } from '@/lib/import/rows/types';
import { fieldRowsForProfile } from '@/lib/import/wizard/fields';
import { startWizardImport } from '@/lib/import/wizard/operations';
import { getTranslator } from '@/lib/i18n/translator';
import { IMPORT_START_PERMISSIONS } from '@/lib/import/jobs/contact-writes';
import { jobAbilities } from '@/lib/import/jobs/job-abilities';
import { continueImportJob } from '@/lib/import/jobs/operations';
import { neededPermissionsText } from '@/components/import/jobs/needed-permissions';
import type { WizardSettingsInput } from '@/lib/import/wizard/schemas';
import { callApi, issueToken, serveAppFrom } from '../support/api-calls';
import { createFolderProfile, dropFile } from '../support/drop-folder-fixtures';
import { startDropFolderHarness, type DropFolderHarness } from '../support/drop-folder-harness';
import { createActor, IMPORTING } from '../support/fixtures';
import { importCsv } from '../support/import-pipeline';
import { contactsCsv, createReadyUpload, HEADER, isEnded, waitForJob } from '../support/job-fixtures';

// Whoever lacks contact:delete in a division deletes no contact there, whichever way in: the
// wizard, the API (with or without autoContinue), Continue, the drop folder, or a profile edited to
// a load type that deletes (docs/permissions.md). Every refusal is checked against the database:
// the contacts are still there and no job started.

const DELETE: Permission = 'externalContacts:contact:delete';
const EDIT_JOB: Permission = 'externalContacts:importJob:edit';
/** Everything an importer of division A needs, but contact:delete. */
const IMPORTER: Permission[] = [
  'externalContacts:importCsvUpload:add', 'externalContacts:importCsvUpload:view',
  'externalContacts:importJob:add', 'externalContacts:importJob:view', 'externalContacts:importJob:viewAll', EDIT_JOB,
  'externalContacts:contact:view', 'externalContacts:importSettings:viewAll', 'externalContacts:importSettings:add',
  'externalContacts:importSettings:edit', ...IMPORTING,
];
const LISTED = 'External ID\r\n{tag}-1\r\n{tag}-2\r\n';
/** An ordinary load type, but a Deleted column: its row soft-deletes the contact it matches. */
const WITH_DELETED = `${HEADER},Deleted\r\n{tag}-1,First 1,Last,{tag}-1@example.test,1700000000000\r\n`;

let h: DropFolderHarness;
let restore: () => void;
let importer: OperationContext;
let deleter: OperationContext;
let division: string;

/** A source with three live contacts in division A, and a profile of each load type on it. */
async function scenario(tag: string) {
  const [source] = await h.handle.db.insert(externalSources).values({ name: `Precious ${tag}` }).returning();
  await importCsv(h.handle.db, {
    csv: contactsCsv(tag, 3), divisionId: division, userId: h.robot.user.id, sourceId: source.id,
    settings: { matchBy: ['externalId'], importFields: ['firstName', 'lastName', 'workEmail'] },
  });
  const profile = async (loadType: LoadType) => {
    const created = await createFolderProfile(h.handle.db, { automationUserId: null, divisionId: division });
    const [updated] = await h.handle.db.update(importProfiles).set({ loadType, externalSourceId: source.id })
      .where(eq(importProfiles.id, created.id)).returning();
    return updated;
  };
  const live = async () => (await h.contactsOf(division, source.id)).map((c) => c.value);
  const jobsOf = async (uploadId: string) => h.handle.db.select().from(importJobs).where(eq(importJobs.uploadId, uploadId));
  const file = (text: string) => text.replaceAll('{tag}', tag);
  expect(await live()).toEqual([`${tag}-1`, `${tag}-2`, `${tag}-3`]);
  return {
    sourceId: source.id, upsert: await profile('upsert'), drop: await profile('dropAndInsert'), listed: await profile('deleteListed'),
    live, jobsOf, file, all: [`${tag}-1`, `${tag}-2`, `${tag}-3`],
  };
}

const startJob = (token: string, json: Record<string, unknown>) => callApi('POST', '/jobs', { token, json });

beforeAll(async () => {
  h = await startDropFolderHarness();
  restore = serveAppFrom(h.handle);
  division = h.divisionA;
  importer = await createActor(h.handle.db, IMPORTER, division);
  deleter = await createActor(h.handle.db, [...IMPORTER, DELETE], division);
});
afterAll(async () => {
  restore?.();
  await h?.close();
});

describe('starting a job through the API', () => {
  it('refuses (403) every job that can delete contacts to a holder of everything but contact:delete', async () => {
    const s = await scenario('API');
    const { token } = await issueToken(importer);
    const cases = [
      ['Drop and insert', s.drop.id, contactsCsv('NEW', 2)],
      ['Delete listed contacts', s.listed.id, s.file(LISTED)],
      ['a Deleted column', s.upsert.id, s.file(WITH_DELETED)],
    ] as const;
    for (const [label, profileId, csv] of cases) {
      for (const autoContinue of [false, true]) {
        const upload = await createReadyUpload(h.handle.db, importer.user.id, csv);
        const response = await startJob(token, { uploadId: upload.id, profileId, divisionId: division, autoContinue });
        expect(response.status, `${label}, autoContinue ${autoContinue}`).toBe(403);
        // Named, so the person knows why: the refusal is for this job, not for starting jobs at all.
        expect((await response.json()).error.code, label).toBe('forbiddenContactDelete');
        expect(await s.jobsOf(upload.id), label).toEqual([]);
      }
    }
    expect(await s.live()).toEqual(s.all);

    // The same requests from a holder of contact:delete start, and do delete: the rule, not the file, refused them.
    const upload = await createReadyUpload(h.handle.db, deleter.user.id, s.file(LISTED));
    const started = await startJob((await issueToken(deleter)).token,
      { uploadId: upload.id, profileId: s.listed.id, divisionId: division, autoContinue: true });
    expect(started.status).toBe(201);
    const job = await waitForJob(h.handle.db, (await started.json()).id, isEnded);
    expect(job).toMatchObject({ status: 'completed', deleted: 2 });
    expect(await s.live()).toEqual([s.all[2]]);
  });

  it('needs importJob:edit for autoContinue, as the Continue button does', async () => {
    const s = await scenario('AUTO');
    const noEdit = await createActor(h.handle.db, IMPORTER.filter((p) => p !== EDIT_JOB), division);
    const { token } = await issueToken(noEdit);
    const upload = await createReadyUpload(h.handle.db, noEdit.user.id, contactsCsv('AUTO-NEW', 2));
    const refused = await startJob(token, { uploadId: upload.id, profileId: s.upsert.id, divisionId: division, autoContinue: true });
    expect(refused.status).toBe(403);
    expect(await s.jobsOf(upload.id)).toEqual([]);
    const started = await startJob(token, { uploadId: upload.id, profileId: s.upsert.id, divisionId: division });
    expect(started.status).toBe(201);
    expect(await started.json()).toMatchObject({ autoContinue: false });
  });

  it('starts no import without externalEntity:import or importCsvJob:add in the division (API and wizard)', async () => {
    const s = await scenario('START');
    for (const missing of IMPORT_START_PERMISSIONS) {
      const actor = await createActor(h.handle.db, IMPORTER.filter((p) => p !== missing), division);
      const upload = await createReadyUpload(h.handle.db, actor.user.id, contactsCsv('START-NEW', 2));
      const response = await startJob((await issueToken(actor)).token, { uploadId: upload.id, profileId: s.upsert.id, divisionId: division });
      expect(response.status, `API without ${missing}`).toBe(403);
      expect(await executeOperation(startWizardImport, await wizardForm(upload.id, s.sourceId, 'upsert'), actor), `wizard without ${missing}`)
        .toMatchObject({ ok: false, status: 403 });
      expect(await s.jobsOf(upload.id)).toEqual([]);
    }
    // Held in another division only: not in this one.
    const starting: readonly string[] = IMPORT_START_PERMISSIONS;
    const split = await createActor(h.handle.db, IMPORTER.filter((p) => !starting.includes(p)), division);
    const [role] = await h.handle.db.insert(roles)
      .values({ name: `Starter ${split.user.id}`, permissions: [...IMPORT_START_PERMISSIONS] }).returning();
    await h.handle.db.insert(grants).values({ userId: split.user.id, roleId: role.id, divisionId: h.divisionB });
    const upload = await createReadyUpload(h.handle.db, split.user.id, contactsCsv('START-SPLIT', 1));
    expect((await startJob((await issueToken(split)).token, { uploadId: upload.id, profileId: s.upsert.id, divisionId: division })).status)
      .toBe(403);
  });
});

async function wizardForm(uploadId: string, sourceId: string, loadType: LoadType, headers?: string[]): Promise<WizardSettingsInput> {
  const [row] = await queryRows<{ headers: string[] }>(h.handle.db, sql`select headers from uploads where id = ${uploadId}`);
  return {
    uploadId, profileId: 'new', profileName: `Wizard ${Math.random().toString(36).slice(2, 8)}`, saveProfile: false,
    externalSourceId: sourceId, matchBy: ['externalId'], mergeMode: 'updateFirst', loadType, confirmDrop: loadType === 'dropAndInsert',
    divisionId: division, description: '', onBehalfOf: '', defaultCountry: 'US', emptyCellsClear: false,
    fields: fieldRowsForProfile(headers ?? row.headers),
  };
}

describe('Next in the wizard', () => {
  it('refuses (403) Drop and insert, Delete listed and a column mapped to Deleted without contact:delete, creating nothing', async () => {
    const s = await scenario('WIZ');
    const cases = [
      ['dropAndInsert', contactsCsv('WIZ-NEW', 2)],
      ['deleteListed', s.file(LISTED)],
      ['upsert', s.file(WITH_DELETED)],
    ] as const;
    for (const [loadType, csv] of cases) {
      const upload = await createReadyUpload(h.handle.db, importer.user.id, csv);
      const form = await wizardForm(upload.id, s.sourceId, loadType);
      if (loadType === 'upsert') expect(form.fields).toContainEqual(expect.objectContaining({ field: 'deleted', column: 'Deleted' }));
      // The settings form shows this key above the form (settings-form.tsx).
      expect(await executeOperation(startWizardImport, form, importer), loadType)
        .toMatchObject({ ok: false, status: 403, error: { key: 'errors.forbiddenContactDelete' } });
      expect(await s.jobsOf(upload.id)).toEqual([]);
      expect(await h.handle.db.select().from(importProfiles).where(eq(importProfiles.name, form.profileName))).toEqual([]);
    }
    expect(await s.live()).toEqual(s.all);
    // The Deleted column left out of the mapping, the same file imports without deleting anything.
    const upload = await createReadyUpload(h.handle.db, importer.user.id, s.file(WITH_DELETED));
    const form = await wizardForm(upload.id, s.sourceId, 'upsert');
    form.fields = form.fields.map((row) => (row.field === 'deleted' ? { ...row, column: '', include: false } : row));
    expect(await executeOperation(startWizardImport, form, importer)).toMatchObject({ ok: true });
  });
});

describe('Continue', () => {
  it('refuses (403) to continue a job that deletes to an importJob:edit holder without contact:delete', async () => {
    const s = await scenario('CONT');
    const upload = await createReadyUpload(h.handle.db, deleter.user.id, contactsCsv('CONT-NEW', 2));
    const started = await startJob((await issueToken(deleter)).token, { uploadId: upload.id, profileId: s.drop.id, divisionId: division });
    expect(started.status).toBe(201);
    const { id } = await started.json();
    await waitForJob(h.handle.db, id, (job) => job.step === 'validated' || isEnded(job));

    for (const verb of ['continue', 'retry']) {
      const refused = await callApi('POST', `/jobs/{id}/${verb}`, { token: (await issueToken(importer)).token, params: { id } });
      expect(refused.status, verb).toBe(403);
      expect((await refused.json()).error.code, verb).toBe('forbiddenContactDelete');
    }
    // Without importJob:edit, the refusal stays generic: nothing about the job is said.
    const noEdit = await createActor(h.handle.db, IMPORTER.filter((p) => p !== EDIT_JOB), division);
    const generic = await callApi('POST', '/jobs/{id}/continue', { token: (await issueToken(noEdit)).token, params: { id } });
    expect(generic.status).toBe(403);
    expect((await generic.json()).error.code).toBe('forbidden');
    expect(await waitForJob(h.handle.db, id, () => true)).toMatchObject({ status: 'running', step: 'validated' });
    expect(await s.live()).toEqual(s.all);

    const continued = await callApi('POST', '/jobs/{id}/continue', { token: (await issueToken(deleter)).token, params: { id } });
    expect(continued.status).toBe(200);
    expect(await waitForJob(h.handle.db, id, isEnded)).toMatchObject({ status: 'completed' });
    expect(await s.live()).toEqual(['CONT-NEW-1', 'CONT-NEW-2']);
  });
});

describe('Revert', () => {
  it('refuses (403) to undo a job that created contacts, which deletes them, without contact:delete', async () => {
    const s = await scenario('REV');
    const upload = await createReadyUpload(h.handle.db, importer.user.id, contactsCsv('REV-NEW', 2));
    const started = await startJob((await issueToken(importer)).token,
      { uploadId: upload.id, profileId: s.upsert.id, divisionId: division, autoContinue: true });
    expect(started.status).toBe(201);
    const { id } = await started.json();
    expect(await waitForJob(h.handle.db, id, isEnded)).toMatchObject({ status: 'completed', inserted: 2 });
    const withNew = [...s.all, 'REV-NEW-1', 'REV-NEW-2'];
    expect(await s.live()).toEqual(withNew);

    const refused = await callApi('POST', '/jobs/{id}/revert', { token: (await issueToken(importer)).token, params: { id } });
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe('forbiddenContactDelete');
    expect(await s.live()).toEqual(withNew);
    const reverted = await callApi('POST', '/jobs/{id}/revert', { token: (await issueToken(deleter)).token, params: { id } });
    expect(reverted.status).toBe(200);
    expect(await s.live()).toEqual(s.all);
  });
});

describe('the job pages', () => {
  const en = getTranslator('en') as unknown as (key: string, params?: Record<string, string>) => string;

  it('say Continue and Revert are not allowed without contact:delete, and why, as the operations decide', async () => {
    const s = await scenario('PAGE');
    const noEdit = await createActor(h.handle.db, IMPORTER.filter((p) => p !== EDIT_JOB), division);
    const upload = await createReadyUpload(h.handle.db, deleter.user.id, contactsCsv('PAGE-NEW', 2));
    const started = await startJob((await issueToken(deleter)).token, { uploadId: upload.id, profileId: s.drop.id, divisionId: division });
    const { id } = await started.json();
    await waitForJob(h.handle.db, id, (job) => job.step === 'validated' || isEnded(job));

    const refused = await jobAbilities(importer, id);
    expect(refused.continue).toEqual({ allowed: false, missing: [DELETE] });
    expect(refused.retry).toEqual({ allowed: false, missing: [DELETE] });
    // Cancelling deletes nothing: importJob:edit is enough.
    expect(refused.cancel).toEqual({ allowed: true, missing: [] });
    expect(neededPermissionsText(en, 'en', 'continue', refused.continue.missing))
      .toBe('Continuing this import needs the permission to delete contacts in this division.');
    // Without importJob:edit: no button at all, and no reason given.
    expect((await jobAbilities(noEdit, id)).continue).toEqual({ allowed: false, missing: [] });
    expect((await jobAbilities(deleter, id)).continue).toEqual({ allowed: true, missing: [] });

    // The page's answer is the operation's: refused for the importer, run for the deleter.
    expect(await executeOperation(continueImportJob, { id }, importer)).toMatchObject({ ok: false, status: 403 });
    expect(await executeOperation(continueImportJob, { id }, deleter)).toMatchObject({ ok: true });
    expect(await waitForJob(h.handle.db, id, isEnded)).toMatchObject({ status: 'completed', inserted: 2 });

    // Reverting deletes the two contacts it created: contact:delete again.
    expect((await jobAbilities(importer, id)).revert).toEqual({ allowed: false, missing: [DELETE] });
    expect((await jobAbilities(noEdit, id)).revert).toEqual({ allowed: false, missing: [] });
    expect((await jobAbilities(deleter, id)).revert).toEqual({ allowed: true, missing: [] });
    expect(neededPermissionsText(getTranslator('fr') as typeof en, 'fr', 'revert', [DELETE]))
      .toBe("Annuler cette importation nécessite l'autorisation de supprimer des contacts dans cette division.");
  });
});

describe('the drop folder', () => {
  it('refuses a file that would delete when its automation user lacks contact:delete: .err code, log, no job', async () => {
    const s = await scenario('DROP');
    await h.handle.db.update(importProfiles).set({ automationUserId: importer.user.id })
      .where(sql`${importProfiles.id} in (${s.drop.id}, ${s.upsert.id})`);
    await h.scan();
    await dropFile(h.folderOf(s.drop.name), 'drop.csv', contactsCsv('DROP-NEW', 2));
    await dropFile(h.folderOf(s.upsert.name), 'deleted.csv', s.file(WITH_DELETED));
    for (const [profile, name] of [[s.drop, 'drop.csv'], [s.upsert, 'deleted.csv']] as const) {
      const history = await h.scanUntilDone(h.folderOf(profile.name), name);
      const err = await readFile(history.err!, 'utf8');
      expect(err, name).toMatch(/^automationUserMayNotDelete\n.*may not delete contacts \(externalContacts:contact:delete\)/);
      expect(await readFile(history.log!, 'utf8'), name).toContain('error automationUserMayNotDelete');
      expect(await h.handle.db.select().from(importJobs).where(eq(importJobs.profileId, profile.id)), name).toEqual([]);
    }
    expect(await s.live()).toEqual(s.all);
  });
});

describe('import profiles', () => {
  const settings = (sourceId: string, loadType: LoadType) => ({
    externalSourceId: sourceId, matchBy: ['externalId'], mergeMode: 'updateFirst', loadType, defaultCountry: 'US',
    emptyCellsClear: false, defaultDivisionId: division, importFields: loadType === 'deleteListed' ? [] : ['lastName'],
  });

  it('refuses (403) to create, edit to or copy a profile that deletes without contact:delete in its division', async () => {
    const s = await scenario('PROF');
    for (const loadType of ['dropAndInsert', 'deleteListed'] as const) {
      const name = `Created ${loadType} ${s.sourceId}`;
      expect(await executeOperation(createImportProfile, { name, ...settings(s.sourceId, loadType) }, importer), loadType)
        .toMatchObject({ ok: false, status: 403 });
      expect(await h.handle.db.select().from(importProfiles).where(eq(importProfiles.name, name))).toEqual([]);
      expect(await executeOperation(updateImportProfile, { id: s.upsert.id, name: s.upsert.name, ...settings(s.sourceId, loadType) }, importer))
        .toMatchObject({ ok: false, status: 403 });
    }
    expect(await executeOperation(updateImportProfile, {
      id: s.upsert.id, name: s.upsert.name, ...settings(s.sourceId, 'upsert'), columnMapping: { Gone: 'deleted' },
    }, importer)).toMatchObject({ ok: false, status: 403 });
    const [unchanged] = await h.handle.db.select().from(importProfiles).where(eq(importProfiles.id, s.upsert.id));
    expect(unchanged).toMatchObject({ loadType: 'upsert', columnMapping: s.upsert.columnMapping });
    const before = (await h.handle.db.select().from(importProfiles)).length;
    expect(await executeOperation(duplicateImportProfile, { id: s.drop.id }, importer)).toMatchObject({ ok: false, status: 403 });
    expect((await h.handle.db.select().from(importProfiles)).length).toBe(before);

    // Held in another division only: still refused for a profile of this one.
    const toDrop = { id: s.upsert.id, name: s.upsert.name, ...settings(s.sourceId, 'dropAndInsert') };
    const elsewhere = await createActor(h.handle.db, [...IMPORTER, DELETE], h.divisionB);
    expect(await executeOperation(updateImportProfile, toDrop, elsewhere)).toMatchObject({ ok: false, status: 403 });
    // With contact:delete in the division the same edit is saved.
    expect(await executeOperation(updateImportProfile, toDrop, deleter)).toMatchObject({ ok: true });
    expect(await s.live()).toEqual(s.all);
  });
});
