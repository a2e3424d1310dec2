import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { createTestDatabase } from '../support/test-db';
import { homeDivisionId } from '../support/fixtures';
import { blankContact, comparable, createJobRow, createSource, insertState, readState } from '../support/engine-fixtures';
import { referenceImport, type RefContact, type RefState } from '../support/reference-import';
import type { DatabaseHandle } from '@/db/client';
import { applyBatch, dropSourceContacts, prefetchWorkingSet, type BatchCounts } from '@/lib/import/engine/apply-batch';
import { MATCH_IDENTIFIERS, ORGANIZATION_FIELD_KEYS, type MatchIdentifier } from '@/lib/import/rows/fields';
import type { ImportSettings, NormalizedRow } from '@/lib/import/rows/types';
import { revertJob } from '@/lib/import/jobs/revert/revert';
import { dryRun, type DryRunResult } from '@/lib/import/jobs/steps/project-step';

const EMAILS = ['ann@x.io', 'ANN@x.io', 'bob@x.io', 'cy@y.org'];
const PHONES = ['+14155550101', '+14155550102', '+33612345678'];
const EXTERNAL_IDS = ['E1', 'E2', 'E3', 'E4'];
const NAMES = ['Ann', 'Bob', 'Cy'];
const ORGS = ['O1', 'O2'];
// IDs in four other sources, from a small pool so that two contacts may share one: some contacts
// hold 9 or 10 of them, so that rows reach the limit of 10 IDs per contact (all sources together).
const OTHER_SOURCES = 4;
const OTHER_IDS = Array.from({ length: OTHER_SOURCES * 3 }, (_, i) => `${i % OTHER_SOURCES}:v${Math.floor(i / OTHER_SOURCES)}`);
const T0 = Date.UTC(2024, 0, 1);

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null, freq: 2 });
const phone = fc.constantFrom(...PHONES);

const contactArb = fc.record({
  createdAt: fc.constantFrom(T0, T0 + 1000, T0 + 2000),
  firstName: maybe(fc.constantFrom(...NAMES)),
  lastName: maybe(fc.constantFrom(...NAMES)),
  workEmail: maybe(fc.constantFrom(...EMAILS)),
  personalEmail: maybe(fc.constantFrom(...EMAILS)),
  otherEmail: maybe(fc.constantFrom(...EMAILS)),
  workPhone: maybe(phone),
  cellPhone: maybe(phone),
  callable: fc.boolean(),
  custom: maybe(fc.constantFrom('gold', 'silver')),
  organization: maybe(fc.constantFrom(...ORGS)),
  externalIds: fc.uniqueArray(fc.constantFrom(...EXTERNAL_IDS), { maxLength: 2 }),
  otherExternalIds: fc.oneof(
    { weight: 1, arbitrary: fc.constant([]) },
    { weight: 1, arbitrary: fc.uniqueArray(fc.constantFrom(...OTHER_IDS), { minLength: 9, maxLength: 10 }) },
  ),
  // About 15 % deleted, drawn by fast-check (not Math.random) so that a failing case replays and shrinks.
  deleted: fc.integer({ min: 0, max: 19 }).map((n) => n < 3),
});

const rowArb = fc.record({
  externalId: maybe(fc.constantFrom(...EXTERNAL_IDS)),
  firstName: fc.option(maybe(fc.constantFrom(...NAMES)), { nil: undefined }),
  workEmail: fc.option(maybe(fc.constantFrom(...EMAILS)), { nil: undefined }),
  personalEmail: fc.option(maybe(fc.constantFrom(...EMAILS)), { nil: undefined }),
  workPhone: fc.option(maybe(phone), { nil: undefined }),
  cellPhone: fc.option(maybe(phone), { nil: undefined }),
  callable: fc.option(maybe(fc.boolean()), { nil: undefined }),
  custom: fc.option(maybe(fc.constantFrom('gold', 'silver')), { nil: undefined }),
  organization: maybe(fc.record({
    externalId: fc.constantFrom(...ORGS),
    name: maybe(fc.constantFrom('Acme', 'Globex')),
    // The organization's details the file imports (a key left out: a column not imported).
    details: fc.record({
      organizationPhone: maybe(phone),
      organizationCity: maybe(fc.constantFrom('Lyon', 'Leeds')),
      organizationWebsite: maybe(fc.constantFrom('https://acme.example', 'https://globex.example')),
    }, { requiredKeys: [] }),
  })),
  deleted: fc.integer({ min: 0, max: 9 }).map((n) => (n === 0 ? new Date(T0 + 5000) : null)),
  formatted: fc.boolean(),
});

const settingsArb = fc.record({
  matchBy: fc.uniqueArray(fc.constantFrom<MatchIdentifier>(...MATCH_IDENTIFIERS), { minLength: 1, maxLength: 4 }),
  mergeMode: fc.constantFrom<ImportSettings['mergeMode']>('updateFirst', 'mergeAll'),
  loadType: fc.constantFrom<ImportSettings['loadType']>('upsert', 'upsert', 'upsert', 'dropAndInsert', 'deleteListed'),
  emptyCellsClear: fc.boolean(),
  // Create-only and update-only (one case in eight each), absent as in a job frozen before they
  // existed; with every load type and both at once too, which the profile schema refuses but the
  // engine must still read. Rare enough that rows still reach the limit of external IDs below
  // (at one in five, a run of 200 cases missed a merge refusal about once in 1,400 runs).
  unmatchedRows: fc.constantFrom<ImportSettings['unmatchedRows']>('create', undefined, 'create', 'create', 'create', 'create', 'create', 'skip'),
  matchedRows: fc.constantFrom<ImportSettings['matchedRows']>('update', undefined, 'update', 'update', 'update', 'update', 'update', 'skip'),
});

function toState(generated: unknown[]): RefState {
  const contacts: RefContact[] = (generated as Array<Record<string, unknown>>).map((g, i) => {
    const c = blankContact(i + 1, g.createdAt as number);
    for (const key of ['firstName', 'lastName', 'workEmail', 'personalEmail', 'otherEmail', 'workPhone', 'cellPhone'] as const) {
      c.fields[key] = g[key] as string | null;
      if ((key === 'workPhone' || key === 'cellPhone') && g[key]) c.phoneDisplay[key] = g[key] as string;
    }
    c.fields.callable = g.callable as boolean;
    if (g.custom) c.customFields = { tier: g.custom as string };
    c.organization = g.organization as string | null;
    // Copies: fc.constant hands every contact the same array, which the reference's clone would keep shared.
    c.externalIds = [...g.externalIds as string[]];
    c.otherExternalIds = [...g.otherExternalIds as string[]];
    c.deletedAt = g.deleted ? T0 + 3000 : null;
    return c;
  });
  // O1 starts with details (a file may keep, overwrite or clear them), O2 without.
  const organizations = ORGS.map((o, i) => ({
    externalId: o, name: `Org ${o}`,
    details: {
      ...Object.fromEntries(ORGANIZATION_FIELD_KEYS.map((k) => [k, null])),
      ...(i === 0 ? { organizationPhone: PHONES[0], organizationCity: 'Paris', organizationIndustry: 'Retail' } : {}),
    },
  }));
  return { contacts, organizations, nextId: contacts.length + 1 };
}

function toRows(generated: Array<Record<string, unknown>>): NormalizedRow[] {
  return generated.map((g, i) => {
    const values: NormalizedRow['values'] = {};
    const phoneDisplay: NormalizedRow['phoneDisplay'] = {};
    for (const key of ['firstName', 'workEmail', 'personalEmail', 'workPhone', 'cellPhone', 'callable'] as const) {
      if (g[key] === undefined) continue;
      values[key] = g[key] as string | boolean | null;
      if ((key === 'workPhone' || key === 'cellPhone') && g[key]) {
        phoneDisplay[key] = g.formatted ? `(${(g[key] as string).slice(2, 5)}) ${(g[key] as string).slice(5)}` : g[key] as string;
      }
    }
    return {
      line: i + 2, externalId: g.externalId as string | null, values, phoneDisplay,
      customFields: (g.custom === undefined ? {} : { tier: g.custom as string | null }) as Record<string, string | null>,
      organization: g.organization as NormalizedRow['organization'], deletedAt: g.deleted as Date | null,
    };
  });
}

class Rollback extends Error {}

let handle: DatabaseHandle;
let divisionId: string;
let sourceId: string;
let jobId: string;
let otherSources: string[];
beforeAll(async () => {
  handle = await createTestDatabase();
  divisionId = await homeDivisionId(handle.db);
  sourceId = await createSource(handle.db);
  otherSources = [];
  for (let i = 0; i < OTHER_SOURCES; i += 1) otherSources.push(await createSource(handle.db));
  jobId = await createJobRow(handle.db, divisionId);
});
afterAll(async () => { await handle?.close(); });

describe('the SQL engine against the reference implementation', () => {
  // Each case runs the projection (dry run) first, rolled back, and expects its counters to be the import's.
  it('leaves the same contacts, merges, organizations and counters for random files', async () => {
    const now = new Date(T0 + 10_000);
    const reached = { cases: 0, refusedNewId: 0, refusedMerge: 0, skipped: 0 };
    let casesRun = 0;
    await fc.assert(fc.asyncProperty(
      fc.array(contactArb, { maxLength: 7 }), fc.array(rowArb, { minLength: 1, maxLength: 12 }), settingsArb,
      fc.integer({ min: 1, max: 5 }), fc.boolean(), fc.boolean(),
      async (existing, generatedRows, settings, batchSize, canSee, pipelined) => {
        // Let vitest's worker messages through: 2,000 cases in a row on PGlite (which runs in this
        // thread) starved them ("Timeout calling onTaskUpdate").
        if (++casesRun % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
        const start = toState(existing);
        const rows = toRows(generatedRows as Array<Record<string, unknown>>);
        const expected = referenceImport(start, rows, settings, now.getTime(), canSee);
        reached.cases += 1;
        if (expected.refusals.some((r) => !r.merge)) reached.refusedNewId += 1;
        if (expected.refusals.some((r) => r.merge)) reached.refusedMerge += 1;
        if (expected.counts.skipped > 0) reached.skipped += 1;
        let reverted: { state: Awaited<ReturnType<typeof readState>>; conflicts: number } | undefined;
        let actual: { state: Awaited<ReturnType<typeof readState>>; counts: BatchCounts; refusedLines: number[] } | undefined;
        let projected: DryRunResult['counts'] | undefined;
        let dropped = 0;
        try {
          await handle.db.transaction(async (tx) => {
            await insertState(tx, divisionId, sourceId, start, otherSources);
            const scope = { divisionId, sourceId };
            const batches = Array.from({ length: Math.ceil(rows.length / batchSize) }, (_, b) => rows.slice(b * batchSize, (b + 1) * batchSize));
            // The projection first, as the projecting step runs it before the import: the same
            // engine, batch after batch (never pipelined), in a transaction rolled back at the end.
            const dropAndInsert = settings.loadType === 'dropAndInsert';
            projected = (await dryRun(tx, { jobId, scope, dropAndInsert, now }, async (dryTx, record) => {
              for (const batchRows of batches) {
                const batch = await applyBatch({ db: dryTx, jobId, scope, settings, rows: batchRows, now, canSeeCandidates: canSee });
                await record(dryTx, jobId, { rows: batchRows, cells: [], counts: batch });
              }
            })).counts;
            // The dry run took contact ids (sequences are not rolled back): the import starts from the
            // reference's next id again, as the comparison of states goes by id.
            await tx.execute(sql`select setval(pg_get_serial_sequence('contacts', 'id'), ${start.nextId}, false)`);
            const counts: BatchCounts = { inserted: 0, updated: 0, unchanged: 0, deleted: 0, merged: 0, refused: 0, skipped: 0 };
            const refusedLines: number[] = [];
            if (dropAndInsert) dropped = await dropSourceContacts(tx, jobId, scope, now);
            const prefetch = (batchRows: typeof rows) => prefetchWorkingSet(tx, { scope, settings, rows: batchRows, canSeeCandidates: canSee });
            // Pipelined as the import step runs on PostgreSQL: each batch's working set is read
            // before the previous batch writes, then brought up to date with what it wrote.
            let prefetched = pipelined ? await prefetch(batches[0]) : undefined;
            for (let b = 0; b < batches.length; b += 1) {
              const next = pipelined && b + 1 < batches.length ? await prefetch(batches[b + 1]) : undefined;
              const batch = await applyBatch({
                db: tx, jobId: jobId, scope, settings, rows: batches[b], now, canSeeCandidates: canSee,
              }, { prefetched, onWritten: (written) => next?.overlay(written) });
              prefetched = next;
              for (const key of Object.keys(counts) as (keyof BatchCounts)[]) counts[key] += batch[key];
              for (const refusal of batch.refusals) {
                expect(refusal).toEqual({ line: refusal.line, column: null, code: 'tooManyExternalIds', params: { max: 10 } });
                refusedLines.push(refusal.line);
              }
            }
            actual = { state: await readState(tx, divisionId, sourceId, otherSources), counts, refusedLines };
            // The same job, reverted, gives back the contacts it started from.
            await tx.execute(sql`update import_jobs set status = 'completed', write_times = array[${now.toISOString()}::timestamptz],
              profile_snapshot = ${JSON.stringify({ externalSourceId: sourceId })}::jsonb where id = ${jobId}`);
            const { summary } = await revertJob(tx, jobId, null, async () => {});
            reverted = { state: await readState(tx, divisionId, sourceId, otherSources), conflicts: summary.conflicts };
            throw new Rollback();
          });
        } catch (error) {
          if (!(error instanceof Rollback)) throw error;
        }
        expect(actual!.counts).toEqual(expected.counts);
        const { refused, ...counted } = actual!.counts;
        expect(projected).toEqual({ ...counted, failed: refused, dropped });
        expect(actual!.refusedLines).toEqual(expected.refusals.map((r) => r.line));
        expect(actual!.state).toEqual(comparable(expected.state));
        expect(reverted!.conflicts).toBe(0);
        // Organization names and details a file changed are not recorded, so not given back (see docs/jobs-and-revert.md, "Revert").
        const withoutOrgNames = ({ contacts, organizations }: { contacts: unknown[]; organizations: { externalId: string }[] }) =>
          ({ contacts, organizations: organizations.map((o) => o.externalId) });
        expect(withoutOrgNames(reverted!.state)).toEqual(withoutOrgNames(comparable(start)));
      },
    ), { numRuns: Number(process.env.PROPERTY_RUNS ?? 200), seed: process.env.PROPERTY_SEED ? Number(process.env.PROPERTY_SEED) : undefined });
    // The generator reaches the limit of external IDs, by a row's new ID and by a merge (three runs
    // of 200 cases: 8 to 10 cases refused a new ID, 6 to 11 a merge; none in 200 has a chance
    // under 1 in 1,000); a generator that no longer reached it would leave the rule untested.
    // With the row actions drawn one case in eight each: two runs of 200 refused a new ID in 12 and 5
    // cases, a merge in 6 and 11, and skipped rows in 19 and 15.
    console.log(`external ID limit reached in ${reached.cases} cases: by a new ID in ${reached.refusedNewId}, by a merge in ${reached.refusedMerge}`
      + `; rows skipped (create-only, update-only) in ${reached.skipped}`);
    if (reached.cases >= 200) {
      expect(reached.refusedNewId).toBeGreaterThan(0);
      expect(reached.refusedMerge).toBeGreaterThan(0);
      expect(reached.skipped).toBeGreaterThan(0);
    }
    // With the projection run before each import, 200 cases take about 50 s on PostgreSQL and more
    // on PGlite (each case applies its rows twice): beyond the 60 s default on a busy machine.
  }, 300_000);
});
