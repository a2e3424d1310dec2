import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { DatabaseHandle } from '@/db/client';
import { divisions, importJobs, uploads } from '@/db/schema';
import { executeOperation, type OperationContext } from '@/lib/actions/operation';
import type { Permission } from '@/lib/auth/permissions';
import { getCsvUpload, previewCsvUpload } from '@/lib/import/upload/operations';
import { loadWizardSettings, saveWizardDraft } from '@/lib/import/wizard/operations';
import { callApi, issueToken, serveAppFrom } from '../support/api-calls';
import { createActor, homeDivisionId, IMPORTING } from '../support/fixtures';
import { contactsCsv, createReadyUpload } from '../support/job-fixtures';
import { createTestDatabase } from '../support/test-db';

// Who sees an upload (docs/permissions.md): its uploader until a job uses it, then whoever may see
// that job; importJob:viewAll in one division shows nothing of another's files (404, not 403).
// Only the uploader writes the wizard's draft kept on the upload.

const UPLOADS: Permission[] = ['externalContacts:importCsvUpload:add', 'externalContacts:importCsvUpload:view'];
const WIZARD: Permission[] = [...UPLOADS, 'externalContacts:importJob:add', 'externalContacts:importJob:view', ...IMPORTING];
const SUPERVISOR: Permission[] = [...WIZARD, 'externalContacts:importJob:viewAll', 'externalContacts:importJob:edit'];

let handle: DatabaseHandle;
let restore: () => void;
let home: string;
let homeUser: OperationContext; // the uploader, in Home
let homeAdmin: OperationContext; // importJob:viewAll (and the rest) in Home
let homeViewer: OperationContext; // importJob:view in Home: their own jobs only
let sandboxAdmin: OperationContext; // importJob:viewAll in Sandbox only
let uploadId: string;

const whatEachSees = async (actor: OperationContext) => ({
  upload: await executeOperation(getCsvUpload, { id: uploadId }, actor),
  preview: await executeOperation(previewCsvUpload, { id: uploadId }, actor),
  wizard: await executeOperation(loadWizardSettings, { uploadId }, actor),
});

async function apiStatuses(actor: OperationContext) {
  const { token } = await issueToken(actor);
  const upload = await callApi('GET', '/uploads/{id}', { token, params: { id: uploadId } });
  const preview = await callApi('GET', '/uploads/{id}/preview', { token, params: { id: uploadId } });
  return { upload: upload.status, preview: preview.status, body: await upload.json() as unknown };
}

const draftOf = async () => (await handle.db.select({ draft: uploads.wizardDraft }).from(uploads).where(eq(uploads.id, uploadId)))[0].draft;

beforeAll(async () => {
  handle = await createTestDatabase();
  restore = serveAppFrom(handle);
  home = await homeDivisionId(handle.db);
  const [sandbox] = await handle.db.insert(divisions).values({ name: `Sandbox ${Date.now()}` }).returning();
  homeUser = await createActor(handle.db, WIZARD, home);
  homeAdmin = await createActor(handle.db, SUPERVISOR, home);
  homeViewer = await createActor(handle.db, WIZARD, home);
  sandboxAdmin = await createActor(handle.db, SUPERVISOR, sandbox.id);
  uploadId = (await createReadyUpload(handle.db, homeUser.user.id, contactsCsv('vis', 3))).id;
});
afterAll(async () => {
  restore?.();
  await handle?.close();
});

describe('an upload no job used yet', () => {
  it('is its uploader\'s alone: importJob:viewAll anywhere, even in its uploader\'s division, reads it as not found', async () => {
    const own = await whatEachSees(homeUser);
    expect(own.upload).toMatchObject({ ok: true, data: { id: uploadId, rowCount: 3 } });
    expect(own.preview).toMatchObject({ ok: true, data: { rows: expect.arrayContaining([['vis-1', 'First 1', 'Last vis', 'vis-1@example.test']]) } });
    expect(own.wizard).toMatchObject({ ok: true, data: { upload: { id: uploadId } } });
    for (const stranger of [homeAdmin, sandboxAdmin, homeViewer]) {
      const seen = await whatEachSees(stranger);
      expect(seen.upload).toMatchObject({ ok: false, status: 404, error: { key: 'errors.notFound' } });
      expect(seen.preview).toMatchObject({ ok: false, status: 404 });
      expect(seen.wizard).toMatchObject({ ok: false, status: 404 });
    }
    expect(await apiStatuses(homeUser)).toMatchObject({ upload: 200, preview: 200 });
    expect(await apiStatuses(sandboxAdmin)).toEqual({ upload: 404, preview: 404, body: { error: { code: 'notFound', message: expect.any(String) } } });
  });
});

describe('an upload a job in Home used', () => {
  beforeAll(async () => {
    await handle.db.insert(importJobs).values({
      profileSnapshot: {}, uploadId, divisionId: home, requestedBy: homeUser.user.id, status: 'completed',
    });
  });

  it('is seen by whoever may see the job; a Sandbox-only importJob:viewAll still gets 404 (API, preview, wizard page)', async () => {
    const admin = await whatEachSees(homeAdmin);
    expect(admin.upload).toMatchObject({ ok: true, data: { id: uploadId } });
    expect(admin.preview).toMatchObject({ ok: true });
    expect(admin.wizard).toMatchObject({ ok: true, data: { upload: { id: uploadId } } });
    expect(await apiStatuses(homeAdmin)).toMatchObject({ upload: 200, preview: 200 });

    // importJob:view shows a person their own jobs only: someone else's file stays hidden.
    const viewer = await whatEachSees(homeViewer);
    expect(viewer.upload).toMatchObject({ ok: false, status: 404 });

    const sandbox = await whatEachSees(sandboxAdmin);
    expect(sandbox.upload).toMatchObject({ ok: false, status: 404 });
    expect(sandbox.preview).toMatchObject({ ok: false, status: 404 });
    expect(sandbox.wizard).toMatchObject({ ok: false, status: 404 });
    expect(await apiStatuses(sandboxAdmin)).toMatchObject({ upload: 404, preview: 404 });
  });

  it('lets only the uploader write its wizard draft, not even an admin of the same division', async () => {
    const opened = await executeOperation(loadWizardSettings, { uploadId }, homeUser);
    if (!opened.ok) throw new Error(JSON.stringify(opened));
    const { uploadId: _id, ...form } = opened.data.values;
    expect(await executeOperation(saveWizardDraft, { uploadId, draft: { ...form, description: 'Mine' } }, homeUser))
      .toEqual({ ok: true, data: { saved: true } });
    expect(await draftOf()).toMatchObject({ description: 'Mine' });

    // The admin may see the file (a job of their division used it) but not write on it: 403.
    expect(await executeOperation(saveWizardDraft, { uploadId, draft: { ...form, description: 'Admin' } }, homeAdmin))
      .toMatchObject({ ok: false, status: 403 });
    // Those who may not even see it: 404.
    for (const stranger of [sandboxAdmin, homeViewer]) {
      expect(await executeOperation(saveWizardDraft, { uploadId, draft: { ...form, description: 'Stranger' } }, stranger))
        .toMatchObject({ ok: false, status: 404 });
    }
    expect(await draftOf()).toMatchObject({ description: 'Mine' });
    // Nor does the admin's page open with the uploader's unfinished form.
    const adminPage = await executeOperation(loadWizardSettings, { uploadId }, homeAdmin);
    expect(adminPage).toMatchObject({ ok: true });
    if (adminPage.ok) expect(adminPage.data.values.description).not.toBe('Mine');
  });
});
