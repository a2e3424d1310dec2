import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { externalSources, importJobs, importProfiles, users } from '@/db/schema';
import { executeOperation, type OperationContext } from '@/lib/actions/operation';
import type { Permission } from '@/lib/auth/permissions';
import { updateImportProfile } from '@/lib/import-profiles/operations';
import { callApi, issueToken, serveAppFrom } from '../support/api-calls';
import { dropFile, readResult } from '../support/drop-folder-fixtures';
import { startDropFolderHarness, type DropFolderHarness } from '../support/drop-folder-harness';
import { createActor, IMPORTING } from '../support/fixtures';
import { contactsCsv } from '../support/job-fixtures';

// A profile's automation user (docs/permissions.md): set through the API (and the edit page, same
// operation), a person may name only themselves unless they hold admin:users:manage in every
// division; the drop folder then imports the profile's files as that person.

const PROFILES: Permission[] = [
  'externalContacts:importSettings:add', 'externalContacts:importSettings:edit', 'externalContacts:importSettings:view',
];
const IMPORTER: Permission[] = [...PROFILES,
  'externalContacts:importCsvUpload:add', 'externalContacts:importJob:add', 'externalContacts:importJob:view',
  'externalContacts:contact:view', 'externalContacts:importJob:edit', ...IMPORTING];

let h: DropFolderHarness;
let restore: () => void;
let sourceId: string;
let alice: OperationContext; // may import everywhere, no user administration
let bob: OperationContext;
let aliceToken: string;

const settings = () => ({
  externalSourceId: sourceId, matchBy: ['externalId'], mergeMode: 'updateFirst', loadType: 'upsert',
  importFields: ['firstName', 'lastName', 'workEmail'], defaultCountry: 'US', emptyCellsClear: false,
  defaultDivisionId: h.divisionA,
});
const automationUserOf = async (id: string) =>
  (await h.handle.db.select({ id: importProfiles.automationUserId }).from(importProfiles).where(eq(importProfiles.id, id)))[0]?.id;

async function createThroughApi(token: string, body: Record<string, unknown>) {
  const response = await callApi('POST', '/import-profiles', { token, json: { ...settings(), ...body } });
  return { status: response.status, body: await response.json() as Record<string, unknown> };
}

async function saveThroughApi(token: string, id: string, body: Record<string, unknown>) {
  const response = await callApi('PUT', '/import-profiles/{id}', { token, params: { id }, json: { ...settings(), ...body } });
  return { status: response.status, body: await response.json() as Record<string, unknown> };
}

beforeAll(async () => {
  h = await startDropFolderHarness();
  restore = serveAppFrom(h.handle);
  [{ id: sourceId }] = await h.handle.db.insert(externalSources).values({ name: `CRM ${Date.now()}` }).returning();
  alice = await createActor(h.handle.db, IMPORTER);
  bob = await createActor(h.handle.db, IMPORTER);
  aliceToken = (await issueToken(alice)).token;
});
afterAll(async () => {
  restore?.();
  await h?.close();
});

describe('a person names themselves as automation user', () => {
  it('saves it through the API, and a file dropped in the folder is imported as them', async () => {
    const created = await createThroughApi(aliceToken, { name: `Alice's folder ${Date.now()}` });
    expect(created).toMatchObject({ status: 201, body: { automationUserId: null } });
    const id = String(created.body.id);
    const saved = await saveThroughApi(aliceToken, id, { name: created.body.name, automationUserId: alice.user.id });
    expect(saved).toMatchObject({ status: 200, body: { id, automationUserId: alice.user.id } });
    expect(await automationUserOf(id)).toBe(alice.user.id);

    await h.scan();
    const folder = h.folderOf(String(created.body.name));
    await dropFile(folder, 'mine.csv', contactsCsv('ALICE', 3));
    const done = await h.scanUntilDone(folder, 'mine.csv');
    expect(done.err).toBeUndefined();
    const result = await readResult(done.result!);
    expect(result).toMatchObject({ status: 'completed', inFile: 3, inserted: 3, imported: 3 });
    const [job] = await h.handle.db.select().from(importJobs).where(eq(importJobs.id, String(result.jobId)));
    expect(job).toMatchObject({ origin: 'folder', requestedBy: alice.user.id, profileId: id, divisionId: h.divisionA, status: 'completed' });
    expect((await h.contactsOf(h.divisionA, sourceId)).map((c) => c.value)).toEqual(['ALICE-1', 'ALICE-2', 'ALICE-3']);
  });
});

describe('naming someone else', () => {
  it('is refused (403, a translated field error) without admin:users:manage in every division', async () => {
    const { body: profile } = await createThroughApi(aliceToken, { name: `Refused ${Date.now()}`, automationUserId: alice.user.id });
    const id = String(profile.id);

    const refused = await saveThroughApi(aliceToken, id, { name: profile.name, automationUserId: bob.user.id });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ fieldErrors: { automationUserId: [{
      code: 'profilesPage.automationUserNotSelf', message: expect.stringContaining('only yourself or nobody'),
    }] } });
    expect(await automationUserOf(id)).toBe(alice.user.id);

    const name = `Created for Bob ${Date.now()}`;
    expect(await createThroughApi(aliceToken, { name, automationUserId: bob.user.id })).toMatchObject({ status: 403 });
    expect(await h.handle.db.select().from(importProfiles).where(eq(importProfiles.name, name))).toEqual([]);

    // Managing users in one division is not enough: folder imports are not tied to a division.
    const divisionAdmin = await createActor(h.handle.db, [...PROFILES, 'externalContacts:importSettings:viewAll', 'admin:users:manage'], h.divisionA);
    const asDivisionAdmin = await executeOperation(updateImportProfile, { id, ...settings(), name: profile.name, automationUserId: bob.user.id }, divisionAdmin);
    expect(asDivisionAdmin).toMatchObject({ ok: false, status: 403, fieldErrors: { automationUserId: [{ key: 'profilesPage.errors.automationUserNotSelf' }] } });
    expect(await automationUserOf(id)).toBe(alice.user.id);
  });

  it('is for user administrators, who name active users only; then only they keep it', async () => {
    const { body: profile } = await createThroughApi(aliceToken, { name: `Named ${Date.now()}` });
    const id = String(profile.id);
    const userAdmin = await createActor(h.handle.db, [...PROFILES, 'externalContacts:importSettings:viewAll', 'admin:users:manage']);
    const adminToken = (await issueToken(userAdmin)).token;

    expect(await saveThroughApi(adminToken, id, { name: profile.name, automationUserId: bob.user.id }))
      .toMatchObject({ status: 200, body: { automationUserId: bob.user.id } });
    expect(await automationUserOf(id)).toBe(bob.user.id);

    const gone = await createActor(h.handle.db, IMPORTER);
    await h.handle.db.update(users).set({ active: false }).where(eq(users.id, gone.user.id));
    expect(await saveThroughApi(adminToken, id, { name: profile.name, automationUserId: gone.user.id }))
      .toMatchObject({ status: 404, body: { fieldErrors: { automationUserId: [{ code: 'notFound' }] } } });

    // The owner may no longer save settings that imports run as Bob with (leaving the field out
    // keeps Bob), but may take the folder back: themselves, or nobody.
    expect(await saveThroughApi(aliceToken, id, { name: profile.name, defaultCountry: 'FR' })).toMatchObject({ status: 403 });
    expect(await h.handle.db.select({ country: importProfiles.defaultCountry }).from(importProfiles).where(eq(importProfiles.id, id)))
      .toEqual([{ country: 'US' }]);
    expect(await saveThroughApi(aliceToken, id, { name: profile.name, automationUserId: null }))
      .toMatchObject({ status: 200, body: { automationUserId: null } });
  });
});
