import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { divisions, externalSources, importJobs, importProfiles, uploads } from '@/db/schema';
import { executeOperation, type OperationContext } from '@/lib/actions/operation';
import { listImportJobs } from '@/lib/import/jobs/list-operations';
import { listImportProfiles } from '@/lib/import-profiles/operations';
import { createTestDatabase } from '../support/test-db';
import { createActor } from '../support/fixtures';

let handle: DatabaseHandle;
let owner: OperationContext;
let supervisor: OperationContext;
let nobody: OperationContext;

beforeAll(async () => {
  handle = await createTestDatabase();
  const db = handle.db;
  const [a, b] = await db.insert(divisions).values([{ name: 'Jobs A' }, { name: 'Jobs B' }]).returning();
  owner = await createActor(db, ['externalContacts:importJob:view', 'externalContacts:importSettings:view'], a.id);
  supervisor = await createActor(db, [
    'externalContacts:importJob:view', 'externalContacts:importJob:viewAll',
    'externalContacts:importSettings:view', 'externalContacts:importSettings:viewAll',
  ], a.id);
  nobody = await createActor(db, ['externalContacts:contact:view'], null);
  const [upload] = await db.insert(uploads).values({ fileName: 'contacts.csv' }).returning();
  const job = (description: string, divisionId: string, requestedBy: string, minutesAgo: number) => ({
    description, divisionId, requestedBy, profileSnapshot: {}, uploadId: upload.id,
    createdAt: new Date(Date.now() - minutesAgo * 60_000), rowsInFile: 10, imported: 8, notImported: 2,
  });
  await db.insert(importJobs).values([
    job('owner older', a.id, owner.user.id, 30),
    job('owner newer', a.id, owner.user.id, 10),
    job('supervisor in A', a.id, supervisor.user.id, 20),
    job('owner in B', b.id, owner.user.id, 5),
  ]);
  const [crm] = await db.insert(externalSources).values({ name: 'CRM for profiles' }).returning();
  await db.insert(importProfiles).values([
    { name: 'Mine', externalSourceId: crm.id, matchBy: ['externalId', 'workEmail'], createdBy: owner.user.id },
    { name: 'Theirs', createdBy: supervisor.user.id, loadType: 'dropAndInsert', mergeMode: 'mergeAll' },
  ]);
});
afterAll(async () => handle?.close());

describe('listImportJobs', () => {
  it('shows importJob:view holders their own jobs of their divisions, newest first, with file and counts', async () => {
    const result = await executeOperation(listImportJobs, {}, owner);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.items.map((j) => j.description)).toEqual(['owner newer', 'owner older']);
    expect(result.data.items[0]).toMatchObject({
      fileName: 'contacts.csv', requestedByName: owner.user.name, status: 'created', rowsInFile: 10, imported: 8, notImported: 2,
    });
    expect(result.data.total).toBe(2);
  });

  it('widens to every job of the divisions where importJob:viewAll is held', async () => {
    const result = await executeOperation(listImportJobs, { page: 1, pageSize: 2 }, supervisor);
    expect(result).toMatchObject({ ok: true, data: { total: 3, pageCount: 2 } });
    if (!result.ok) return;
    expect(result.data.items.map((j) => j.description)).toEqual(['owner newer', 'supervisor in A']);
  });

  it('refuses a caller without importJob:view', async () => {
    expect(await executeOperation(listImportJobs, {}, nobody)).toMatchObject({ ok: false, status: 403 });
  });
});

describe('listImportProfiles', () => {
  it('shows own profiles with importSettings:view and all of them with viewAll', async () => {
    const own = await executeOperation(listImportProfiles, undefined, owner);
    expect(own).toMatchObject({
      ok: true, data: [{ name: 'Mine', externalSourceName: 'CRM for profiles', matchBy: ['externalId', 'workEmail'] }],
    });
    const all = await executeOperation(listImportProfiles, undefined, supervisor);
    expect(all.ok && all.data.map((p) => p.name)).toEqual(['Mine', 'Theirs']);
    expect(all.ok && all.data[1]).toMatchObject({ loadType: 'dropAndInsert', mergeMode: 'mergeAll', externalSourceName: null });
  });

  it('refuses a caller without importSettings:view', async () => {
    expect(await executeOperation(listImportProfiles, undefined, nobody)).toMatchObject({ ok: false, status: 403 });
  });
});
