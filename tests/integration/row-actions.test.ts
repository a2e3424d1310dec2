import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows, type DatabaseHandle } from '@/db/client';
import type { OperationContext } from '@/lib/actions/operation';
import { ALL_PERMISSIONS, type Permission } from '@/lib/auth/permissions';
import { apiErrorSchema } from '@/lib/api/openapi-errors';
import * as schemas from '@/lib/api/responses';
import { resultText } from '@/lib/import/drop-folder/finish-file';
import { countersFromOutcome, findCounterViolation } from '@/lib/import/jobs/counters';
import { importSteps } from '@/lib/import/jobs/steps/steps';
import { importJobs } from '@/db/schema';
import { settingsFor } from '../support/import-pipeline';
import { installJobQueues } from '@/lib/import/jobs/queue/boss';
import { startJobWorker, type JobWorker } from '@/lib/import/jobs/queue/worker';
import { apiAssertions, callApi, issueToken, serveAppFrom } from '../support/api-calls';
import { createActor, homeDivisionId } from '../support/fixtures';
import { createReadyUpload, isEnded, readJob, waitForJob } from '../support/job-fixtures';
import { createTestDatabase } from '../support/test-db';

// Create-only and update-only imports end to end through the REST API and a job worker: a file of
// 10 new and 10 known contacts (plus one invalid row), the counters, what is stored, and revert.

const HEADER = 'External ID,First Name,Last Name,Work Email,External Organization External ID,External Organization Name';
const known = (i: number, last: string, org: string) => `K-${i},Known${i},${last},k${i}@x.test,${org},${org} Inc`;
const fresh = (i: number) => `N-${i},New${i},Person,n${i}@x.test,ORG-NEW,New Org`;
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
/** 10 new contacts, 10 known ones with another last name and organization, and a row with a bad e-mail. */
const MIXED = [HEADER, ...range(10).map(fresh), ...range(10).map((i) => known(i, 'Changed', 'ORG-CHANGED')),
  'BAD-1,Bad,Row,not-an-email,,'].join('\n');

let handle: DatabaseHandle;
let restore: () => void;
let worker: JobWorker;
let admin: OperationContext;
let token: string;
let home: string;
let sourceId: string;

const { ok } = apiAssertions(() => token);

const profileJson = (name: string, extra: Record<string, unknown> = {}) => ({
  name, externalSourceId: sourceId, matchBy: ['externalId'], mergeMode: 'updateFirst', loadType: 'upsert',
  importFields: ['firstName', 'lastName', 'workEmail'],
  columnMapping: {
    'External ID': 'externalId', 'First Name': 'firstName', 'Last Name': 'lastName', 'Work Email': 'workEmail',
    'External Organization External ID': 'organizationExternalId', 'External Organization Name': 'organizationName',
  },
  ...extra,
});

/** Uploads `csv` and runs it with the profile to its end through the API; the job as the API shows it. */
async function runJob(profileId: string, csv: string, description: string) {
  const upload = await ok('POST', '/uploads', schemas.uploadSummarySchema, {
    body: csv, headers: { 'Content-Type': 'text/csv', 'X-File-Name': `${description}.csv` },
  }, 201);
  const started = await ok('POST', '/jobs', schemas.jobSchema, {
    json: { uploadId: upload.id, profileId, divisionId: home, description, autoContinue: true },
  }, 201);
  await waitForJob(handle.db, started.id, isEnded, 60_000);
  return ok('GET', '/jobs/{id}', schemas.jobSchema, { params: { id: started.id } });
}

/** Every contact of the division with every column, its IDs of every source, and the organizations. */
async function divisionState() {
  const contacts = await queryRows<Record<string, unknown>>(handle.db, sql`
    select c.*, coalesce((select jsonb_agg(e.source_id || ':' || e.value order by e.source_id, e.value)
      from contact_external_ids e where e.contact_id = c.id), '[]'::jsonb) as external_ids
    from contacts c where c.division_id = ${home} order by c.id`);
  const organizations = await queryRows<Record<string, unknown>>(handle.db, sql`
    select o.*, (select min(e.value) from organization_external_ids e where e.organization_id = o.id) as external_id
    from external_organizations o where o.division_id = ${home} order by o.id`);
  return { contacts, organizations };
}

/** What the job recorded for revert: runs of created contacts and change records. */
async function recordsOf(jobId: string) {
  const [row] = await queryRows<{ created: number | string; changes: number | string }>(handle.db, sql`
    select (select coalesce(sum(last_id - first_id + 1), 0) from job_created_contacts where job_id = ${jobId}) as created,
      (select count(*) from job_contact_changes where job_id = ${jobId}) as changes`);
  return { created: Number(row.created), changes: Number(row.changes) };
}

const lastNames = (state: Awaited<ReturnType<typeof divisionState>>) =>
  Object.fromEntries(state.contacts.map((c) => [String(c.first_name), c.last_name]));

beforeAll(async () => {
  handle = await createTestDatabase();
  restore = serveAppFrom(handle);
  await installJobQueues(handle);
  admin = await createActor(handle.db, ALL_PERMISSIONS);
  token = (await issueToken(admin)).token;
  home = await homeDivisionId(handle.db);
  worker = await startJobWorker(handle, { config: { heartbeatMs: 200, pollingSeconds: 0.5 } });
  sourceId = (await ok('POST', '/external-sources', schemas.sourceSchema, { json: { name: 'Row actions CRM' } }, 201)).id;
  // The 10 known contacts, by a profile that creates and updates (the defaults).
  const seed = await ok('POST', '/import-profiles', schemas.profileSchema, { json: profileJson('Seed') }, 201);
  expect(seed).toMatchObject({ unmatchedRows: 'create', matchedRows: 'update' });
  const seeded = await runJob(seed.id, [HEADER, ...range(10).map((i) => known(i, 'Original', 'ORG-OLD'))].join('\n'), 'seed');
  expect(seeded.counters).toMatchObject({ inserted: 10, skipped: 0, imported: 10 });
}, 120_000);
afterAll(async () => {
  await worker?.stop();
  restore?.();
  await handle?.close();
});

describe.each([
  {
    mode: 'create only', actions: { unmatchedRows: 'create', matchedRows: 'skip' },
    counters: { inserted: 10, updated: 0, skipped: 10 },
  },
  {
    mode: 'update only', actions: { unmatchedRows: 'skip', matchedRows: 'update' },
    counters: { inserted: 0, updated: 10, skipped: 10 },
  },
])('a $mode import of 10 new and 10 known contacts', ({ mode, actions, counters }) => {
  let before: Awaited<ReturnType<typeof divisionState>>;
  let after: Awaited<ReturnType<typeof divisionState>>;
  let job: Awaited<ReturnType<typeof runJob>>;

  beforeAll(async () => {
    const profile = await ok('POST', '/import-profiles', schemas.profileSchema, { json: profileJson(mode, actions) }, 201);
    expect(profile).toMatchObject(actions);
    before = await divisionState();
    job = await runJob(profile.id, MIXED, mode);
    after = await divisionState();
  }, 120_000);

  it('counts the rows it leaves alone as skipped, and the counters add up', async () => {
    expect(job).toMatchObject({ status: 'completed', error: null });
    expect(job.counters).toMatchObject({
      rowsInFile: 21, validRows: 20, invalidRows: 1, ...counters, imported: 10, notImported: 1, failed: 1,
      merged: 0, deleted: 0, unchanged: 0,
    });
    const { counters: c } = job;
    expect(c.imported + c.skipped + c.notImported).toBe(c.rowsInFile);
    expect(findCounterViolation(c.rowsInFile, { ...c })).toBeNull();
    // The Imports list and the drop folder's .result file show the same number.
    const listed = await ok('GET', '/jobs', schemas.pagedOf(schemas.jobListItemSchema), { query: { description: mode } });
    expect(listed.items).toMatchObject([{ id: job.id, skipped: 10, imported: 10, notImported: 1 }]);
    const result = resultText(await readJob(handle.db, job.id), 'completed');
    expect(result).toContain('\nskipped=10\n');
    expect(result).toContain('\nimported=10\n');
  });

  it('writes nothing for a skipped row: no contact, no change, no external ID, no organization', async () => {
    const knownBefore = before.contacts.filter((c) => String(c.first_name).startsWith('Known'));
    const knownAfter = after.contacts.filter((c) => String(c.first_name).startsWith('Known'));
    const newAfter = after.contacts.filter((c) => String(c.first_name).startsWith('New'));
    const organizationIds = (state: typeof before) => state.organizations.map((o) => o.external_id);
    if (mode === 'create only') {
      // The known contacts are exactly as stored before, to their modification time.
      expect(knownAfter).toEqual(knownBefore);
      expect(newAfter).toHaveLength(10);
      expect(await recordsOf(job.id)).toEqual({ created: 10, changes: 0 });
      // The known rows' organization is neither created nor is the stored one renamed.
      expect(organizationIds(after)).not.toContain('ORG-CHANGED');
      expect(after.organizations.filter((o) => o.external_id !== 'ORG-NEW')).toEqual(before.organizations);
    } else {
      expect(newAfter).toEqual([]);
      expect(after.contacts).toHaveLength(before.contacts.length);
      expect(Object.values(lastNames(after)).every((last) => last === 'Changed')).toBe(true);
      expect(await recordsOf(job.id)).toEqual({ created: 0, changes: 10 });
      expect(JSON.stringify(after.contacts.map((c) => c.external_ids))).not.toContain(':N-');
      expect(organizationIds(after)).not.toContain('ORG-NEW');
    }
  });

  it('is undone exactly by a revert', async () => {
    const reverted = await ok('POST', '/jobs/{id}/revert', schemas.revertedJobSchema, { params: { id: job.id } });
    expect(reverted.summary).toMatchObject({
      deleted: counters.inserted, restored: counters.updated, unmerged: 0, undeleted: 0, conflicts: 0,
    });
    const undone = await divisionState();
    const withoutModifiedAt = (state: typeof before) => ({
      contacts: state.contacts.map(({ modified_at: _m, ...rest }) => rest),
      // Organizations a job created stay (revert gives back contacts), so only those that were there are compared.
      organizations: state.organizations.filter((o) => before.organizations.some((b) => b.id === o.id)),
    });
    expect(withoutModifiedAt(undone)).toEqual(withoutModifiedAt(before));
  });
});

describe('row actions in a profile', () => {
  const refusal = async (json: Record<string, unknown>) => {
    const response = await callApi('POST', '/import-profiles', { token, json, headers: { 'Accept-Language': 'fr' } });
    expect(response.status).toBe(400);
    return apiErrorSchema.parse(await response.json());
  };

  it('are refused with a load type other than insert-update-delete, and both skipped, and nothing is saved', async () => {
    const count = async () => Number((await queryRows<{ n: number }>(handle.db, sql`select count(*) as n from import_profiles`))[0].n);
    const profiles = await count();
    const drop = await refusal(profileJson('Drop update-only', { loadType: 'dropAndInsert', unmatchedRows: 'skip' }));
    expect(drop.fieldErrors).toMatchObject({ unmatchedRows: [{ code: 'wizardSettings.rowActionsLoadType' }] });
    expect(JSON.stringify(drop)).toContain('Insérer, mettre à jour, supprimer');
    const listed = await refusal(profileJson('Delete create-only', { loadType: 'deleteListed', matchedRows: 'skip' }));
    expect(listed.fieldErrors).toMatchObject({ matchedRows: [{ code: 'wizardSettings.rowActionsLoadType' }] });
    const both = await refusal(profileJson('Skip all', { unmatchedRows: 'skip', matchedRows: 'skip' }));
    expect(both.fieldErrors).toMatchObject({ matchedRows: [{ code: 'wizardSettings.rowActionsSkipBoth' }] });
    const unknown = await refusal(profileJson('Odd', { matchedRows: 'ignore' }));
    expect(unknown.fieldErrors).toHaveProperty('matchedRows');
    expect(await count()).toBe(profiles);
  });

  it('decide which contact permissions starting a job needs: update-only no contact:add, create-only no contact:edit', async () => {
    const base: Permission[] = ['externalContacts:importJob:add', 'externalContacts:importJob:view', 'externalContacts:importSettings:viewAll',
      'externalContacts:importCsvUpload:add', 'externalContacts:externalEntity:import', 'externalContacts:importCsvJob:add'];
    const profiles = Object.fromEntries(await Promise.all(([['both', {}], ['updateOnly', { unmatchedRows: 'skip' }],
      ['createOnly', { matchedRows: 'skip' }]] as const).map(async ([key, actions]) => [key,
      (await ok('POST', '/import-profiles', schemas.profileSchema, { json: profileJson(`Rights ${key}`, actions) }, 201)).id])));
    const start = async (permissions: Permission[], profileId: string) => {
      const actor = await createActor(handle.db, [...base, ...permissions], home);
      const actorToken = (await issueToken(actor)).token;
      const upload = await ok('POST', '/uploads', schemas.uploadSummarySchema, {
        token: actorToken, body: MIXED, headers: { 'Content-Type': 'text/csv', 'X-File-Name': 'rights.csv' },
      }, 201);
      const response = await callApi('POST', '/jobs', { token: actorToken, json: { uploadId: upload.id, profileId, divisionId: home } });
      return { status: response.status, code: (await response.json()).error?.code as string | undefined };
    };
    expect(await start(['externalContacts:contact:edit'], profiles.both)).toEqual({ status: 403, code: 'forbiddenContactAdd' });
    expect(await start(['externalContacts:contact:edit'], profiles.updateOnly)).toMatchObject({ status: 201 });
    expect(await start(['externalContacts:contact:add'], profiles.both)).toEqual({ status: 403, code: 'forbiddenContactEdit' });
    expect(await start(['externalContacts:contact:add'], profiles.createOnly)).toMatchObject({ status: 201 });
  });

  it('are kept by an update, and read back by the API', async () => {
    const created = await ok('POST', '/import-profiles', schemas.profileSchema,
      { json: profileJson('Later update-only', { unmatchedRows: 'skip' }) }, 201);
    expect(created).toMatchObject({ unmatchedRows: 'skip', matchedRows: 'update' });
    const changed = await ok('PUT', '/import-profiles/{id}', schemas.profileSchema,
      { params: { id: created.id }, json: profileJson('Later create-only', { matchedRows: 'skip' }) });
    expect(changed).toMatchObject({ unmatchedRows: 'create', matchedRows: 'skip' });
    const read = await ok('GET', '/import-profiles/{id}', schemas.profileDetailSchema, { params: { id: created.id } });
    expect(read).toMatchObject({ unmatchedRows: 'create', matchedRows: 'skip' });
  });
});

describe('an update-only import stopped after a batch and resumed', () => {
  it('counts each skipped row once: the counters move with each committed batch', async () => {
    process.env.IMPORT_BATCH_SIZE = '4';
    try {
      const upload = await createReadyUpload(handle.db, admin.user.id, MIXED);
      const [job] = await handle.db.insert(importJobs).values({
        uploadId: upload.id, divisionId: home, requestedBy: admin.user.id, status: 'running', step: 'validating',
        profileSnapshot: settingsFor(upload.headers ?? [], sourceId, { unmatchedRows: 'skip' }),
      }).returning();
      const validation = await importSteps.validate(handle.db, job.id, { signal: new AbortController().signal, onProgress: () => {} });
      expect(validation).toMatchObject({ rowsInFile: 21, validRows: 20, invalidRows: 1 });
      // The first batch (the first 4 new contacts, all skipped) commits, then the step stops, as in a crash.
      const stop = new AbortController();
      await expect(importSteps.importRows(handle.db, job.id, { signal: stop.signal, onProgress: () => stop.abort() })).rejects.toThrow();
      expect(await readJob(handle.db, job.id)).toMatchObject({ skipped: 4, updated: 0, lastCommittedLine: 5 });
      const outcome = await importSteps.importRows(handle.db, job.id, { signal: new AbortController().signal, onProgress: () => {} });
      expect(outcome).toMatchObject({ inserted: 0, updated: 10, skipped: 10, failed: 0 });
      const counters = countersFromOutcome(validation.invalidRows, outcome);
      expect(counters).toMatchObject({ imported: 10, skipped: 10, notImported: 1 });
      expect(findCounterViolation(validation.rowsInFile, counters)).toBeNull();
    } finally {
      delete process.env.IMPORT_BATCH_SIZE;
    }
  });
});
