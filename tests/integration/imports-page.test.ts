import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { loadAccess } from '@/db/queries/access';
import { divisions, grants, importJobs, roles, uploads, type JobStatus, type JobStep } from '@/db/schema';
import { executeOperation, type OperationContext } from '@/lib/actions/operation';
import { listImportJobs } from '@/lib/import/jobs/list-operations';
import type { ImportJobListInput } from '@/lib/import/jobs/list-schemas';
import { createActor } from '../support/fixtures';
import { createTestDatabase } from '../support/test-db';

// The Imports page's list (issue 5, part 1): who sees which jobs, each filter, the date range's
// edges in the caller's time zone, and paging.

let handle: DatabaseHandle;
let divA: string;
let divB: string;
let divC: string;
let divF: string;
let ann: OperationContext; // importJob:view in A
let bob: OperationContext; // importJob:view in A
let sue: OperationContext; // importJob:viewAll in A
let mixed: OperationContext; // importJob:view in every division, viewAll in B
let filters: OperationContext; // importJob:viewAll in F, where the filter fixtures live

interface JobSpec {
  description: string; divisionId: string; requestedBy: string; createdAt: string;
  status?: JobStatus; step?: JobStep | null; onBehalfOf?: string;
}

async function insertJobs(specs: JobSpec[]) {
  const [upload] = await handle.db.insert(uploads).values({ fileName: 'people.csv' }).returning();
  await handle.db.insert(importJobs).values(specs.map((spec) => ({
    profileSnapshot: {}, uploadId: upload.id, status: 'created' as JobStatus, ...spec, createdAt: new Date(spec.createdAt),
  })));
}

async function list(actor: OperationContext, input: ImportJobListInput = {}) {
  const result = await executeOperation(listImportJobs, input, actor);
  if (!result.ok) throw new Error(`listImportJobs refused: ${JSON.stringify(result)}`);
  return result.data;
}

const descriptions = async (actor: OperationContext, input: ImportJobListInput = {}) =>
  (await list(actor, { pageSize: 100, ...input })).items.map((job) => job.description);

beforeAll(async () => {
  handle = await createTestDatabase();
  const db = handle.db;
  [{ id: divA }, { id: divB }, { id: divC }, { id: divF }] = await db.insert(divisions)
    .values([{ name: 'List A' }, { name: 'List B' }, { name: 'List C' }, { name: 'List F' }]).returning();
  ann = await createActor(db, ['externalContacts:importJob:view'], divA);
  bob = await createActor(db, ['externalContacts:importJob:view'], divA);
  sue = await createActor(db, ['externalContacts:importJob:viewAll'], divA);
  mixed = await createActor(db, ['externalContacts:importJob:view'], null);
  const [viewAll] = await db.insert(roles).values({ name: 'List viewAll B', permissions: ['externalContacts:importJob:viewAll'] }).returning();
  await db.insert(grants).values({ userId: mixed.user.id, roleId: viewAll.id, divisionId: divB });
  mixed = { ...mixed, access: await loadAccess(db, mixed.user.id) };
  filters = await createActor(db, ['externalContacts:importJob:viewAll'], divF);

  await insertJobs([
    { description: 'ann in A', divisionId: divA, requestedBy: ann.user.id, createdAt: '2024-05-01T10:00:00Z', onBehalfOf: bob.user.id },
    { description: 'ann in B', divisionId: divB, requestedBy: ann.user.id, createdAt: '2024-05-02T10:00:00Z' },
    { description: 'bob in A', divisionId: divA, requestedBy: bob.user.id, createdAt: '2024-05-03T10:00:00Z' },
    { description: 'bob in B', divisionId: divB, requestedBy: bob.user.id, createdAt: '2024-05-04T10:00:00Z' },
    { description: 'mixed in A', divisionId: divA, requestedBy: mixed.user.id, createdAt: '2024-05-05T10:00:00Z' },
    { description: 'mixed in C', divisionId: divC, requestedBy: mixed.user.id, createdAt: '2024-05-06T10:00:00Z' },
  ]);
  // America/New_York moved to summer time on 2024-03-10: that day began at 05:00Z and ended at 04:00Z.
  await insertJobs([
    { description: 'Spring Sale 100%', divisionId: divF, requestedBy: ann.user.id, createdAt: '2024-03-10T04:59:59.999Z', status: 'completed', step: 'importing' },
    { description: 'spring_refresh', divisionId: divF, requestedBy: ann.user.id, createdAt: '2024-03-10T05:00:00Z', status: 'running', step: 'validated' },
    { description: 'SPRING leads', divisionId: divF, requestedBy: bob.user.id, createdAt: '2024-03-11T03:59:59.999Z', status: 'failed', step: 'importing' },
    { description: 'Autumn leads', divisionId: divF, requestedBy: bob.user.id, createdAt: '2024-03-11T04:00:00Z', status: 'running', step: 'importing' },
    { description: 'Autumn cancel', divisionId: divF, requestedBy: bob.user.id, createdAt: '2024-03-12T12:00:00Z', status: 'cancelled', step: 'validating' },
  ]);
});
afterAll(async () => handle?.close());

describe('who sees which jobs', () => {
  it('importJob:view lists the caller\'s own jobs of the divisions where it is held, nobody else\'s', async () => {
    expect(await descriptions(ann)).toEqual(['ann in A']);
    expect(await descriptions(bob)).toEqual(['bob in A']);
  });

  it('importJob:viewAll lists every job of its divisions, none of the others', async () => {
    expect(await descriptions(sue)).toEqual(['mixed in A', 'bob in A', 'ann in A']);
  });

  it('view everywhere and viewAll in B: own jobs anywhere plus everyone\'s in B', async () => {
    expect(await descriptions(mixed)).toEqual(['mixed in C', 'mixed in A', 'bob in B', 'ann in B']);
  });

  it('shows the requester, the user it ran for (the requester when unnamed), the file and the transaction id', async () => {
    const [job] = (await list(ann)).items;
    expect(job).toMatchObject({ requestedByName: ann.user.name, onBehalfOfName: bob.user.name, fileName: 'people.csv' });
    expect(job.id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await list(bob)).items[0]).toMatchObject({ requestedByName: bob.user.name, onBehalfOfName: bob.user.name });
  });

  it('a filter never widens what the caller may see', async () => {
    expect(await descriptions(ann, { description: 'in' })).toEqual(['ann in A']);
    expect(await descriptions(sue, { description: 'spring' })).toEqual([]);
  });
});

describe('filters', () => {
  it('description: contains, case-insensitive, with % and _ taken literally', async () => {
    expect(await descriptions(filters, { description: 'spring' })).toEqual(['SPRING leads', 'spring_refresh', 'Spring Sale 100%']);
    expect(await descriptions(filters, { description: '  LEADS ' })).toEqual(['Autumn leads', 'SPRING leads']);
    expect(await descriptions(filters, { description: '100%' })).toEqual(['Spring Sale 100%']);
    expect(await descriptions(filters, { description: 'g_r' })).toEqual(['spring_refresh']);
    expect(await descriptions(filters, { description: 'g_s' })).toEqual([]);
    expect(await descriptions(filters, { description: 'g%s' })).toEqual([]);
  });

  it('status', async () => {
    expect(await descriptions(filters, { status: 'running' })).toEqual(['Autumn leads', 'spring_refresh']);
    expect(await descriptions(filters, { status: 'cancelled' })).toEqual(['Autumn cancel']);
    expect(await descriptions(filters, { status: 'created' })).toEqual([]);
  });

  it('step: where the job is or stopped; a completed job is past every step', async () => {
    expect(await descriptions(filters, { step: 'importing' })).toEqual(['Autumn leads', 'SPRING leads']);
    expect(await descriptions(filters, { step: 'validating' })).toEqual(['Autumn cancel']);
    const completed = (await list(filters, { status: 'completed' })).items;
    expect(completed.map((job) => [job.description, job.step])).toEqual([['Spring Sale 100%', null]]);
  });

  it('created days are inclusive, read in the given time zone (across a DST change)', async () => {
    const ny = { timeZone: 'America/New_York' };
    expect(await descriptions(filters, { ...ny, createdFrom: '2024-03-10', createdTo: '2024-03-10' }))
      .toEqual(['SPRING leads', 'spring_refresh']);
    expect(await descriptions(filters, { ...ny, createdTo: '2024-03-09' })).toEqual(['Spring Sale 100%']);
    expect(await descriptions(filters, { ...ny, createdFrom: '2024-03-11' })).toEqual(['Autumn cancel', 'Autumn leads']);
    const utc = { timeZone: 'UTC' };
    expect(await descriptions(filters, { ...utc, createdFrom: '2024-03-10', createdTo: '2024-03-10' }))
      .toEqual(['spring_refresh', 'Spring Sale 100%']);
    expect(await descriptions(filters, { ...utc, createdFrom: '2024-03-11', createdTo: '2024-03-11' }))
      .toEqual(['Autumn leads', 'SPRING leads']);
    // Paris is an hour ahead of UTC in March: 2024-03-11T03:59Z is already the 11th, 04:00Z too.
    expect(await descriptions(filters, { timeZone: 'Europe/Paris', createdTo: '2024-03-10' }))
      .toEqual(['spring_refresh', 'Spring Sale 100%']);
  });

  it('combines filters (all must hold)', async () => {
    expect(await descriptions(filters, { description: 'leads', status: 'failed' })).toEqual(['SPRING leads']);
    expect(await descriptions(filters, { description: 'autumn', step: 'importing', createdFrom: '2024-03-11', timeZone: 'UTC' }))
      .toEqual(['Autumn leads']);
    expect(await descriptions(filters, { description: 'spring', status: 'running', step: 'importing' })).toEqual([]);
  });

  it('treats empty values (an unused field of the GET form) as no filter', async () => {
    const input = { description: '', status: '', step: '', createdFrom: '', createdTo: '', timeZone: '' } as ImportJobListInput;
    expect((await list(filters, input)).total).toBe(5);
  });

  it('refuses values outside the lists, impossible days and reversed ranges with i18n keys per field', async () => {
    const refused = async (input: Record<string, string>) => {
      const result = await executeOperation(listImportJobs, input, filters);
      expect(result).toMatchObject({ ok: false, status: 400, error: { key: 'errors.invalidInput' } });
      return result.ok ? {} : result.fieldErrors;
    };
    expect(await refused({ status: 'done' })).toEqual({ status: [{ key: 'importsList.errors.invalidStatus' }] });
    expect(await refused({ step: 'merging' })).toEqual({ step: [{ key: 'importsList.errors.invalidStep' }] });
    expect(await refused({ createdFrom: '2024-02-30' })).toEqual({ createdFrom: [{ key: 'importsList.errors.invalidDate' }] });
    expect(await refused({ createdTo: '10/03/2024' })).toEqual({ createdTo: [{ key: 'importsList.errors.invalidDate' }] });
    expect(await refused({ createdFrom: '2024-03-11', createdTo: '2024-03-10' }))
      .toEqual({ createdTo: [{ key: 'importsList.errors.dateRange' }] });
    expect(await refused({ timeZone: 'Mars/Olympus' })).toEqual({ timeZone: [{ key: 'importsList.errors.invalidTimeZone' }] });
    expect(await refused({ description: 'x'.repeat(201) })).toEqual({ description: [{ key: 'errors.tooLong', params: { max: 200 } }] });
  });
});

describe('paging', () => {
  it('pages the filtered list newest first, with totals of the filtered list', async () => {
    const specs = Array.from({ length: 27 }, (_, i) => ({
      description: `Paged ${String(i + 1).padStart(2, '0')}`, divisionId: divF, requestedBy: bob.user.id,
      createdAt: new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString(),
    }));
    await insertJobs(specs);
    const first = await list(filters, { description: 'paged' });
    expect(first).toMatchObject({ total: 27, page: 1, pageSize: 25, pageCount: 2 });
    expect(first.items[0].description).toBe('Paged 27');
    expect(first.items).toHaveLength(25);
    const second = await list(filters, { description: 'paged', page: 2 });
    expect(second.items.map((job) => job.description)).toEqual(['Paged 02', 'Paged 01']);
    expect(await list(filters, { pageSize: 10, page: 4 })).toMatchObject({ total: 32, pageCount: 4 });
    expect((await list(filters, { pageSize: 10, page: 4 })).items.map((job) => job.description))
      .toEqual(['spring_refresh', 'Spring Sale 100%']);
  });
});
