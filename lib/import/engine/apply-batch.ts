import { sql } from 'drizzle-orm';
import { queryRows, type AppDatabase } from '../../../db/client';
import type { ImportSettings, NormalizedRow, RowError } from '../rows/types';
import { RowApplier } from './apply-rows';
import { loadWorkingSet, type Scope } from './load-working-set';
import type { WorkingSet, WrittenBatch } from './working-set';
import { writeBatch } from './write-batch';
import { timePhase } from './phase-timer';
import { lockDivisionForBatch } from '../jobs/job-lock';

export interface BatchInput {
  /** A transaction: the batch is applied whole or not at all. */
  db: AppDatabase;
  jobId: string;
  scope: Scope;
  settings: Pick<ImportSettings, 'matchBy' | 'mergeMode' | 'loadType' | 'emptyCellsClear' | 'unmatchedRows' | 'matchedRows'>;
  rows: readonly NormalizedRow[];
  now: Date;
  canSeeCandidates: boolean;
}

export interface BatchCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
  merged: number;
  /** Valid rows not applied: not imported, each with its error in `refusals`. */
  refused: number;
  /** Valid rows the profile's row actions leave alone (create-only, update-only): neither imported nor not imported. */
  skipped: number;
}

export interface BatchResult extends BatchCounts {
  /** The refused rows' errors (codes of APPLY_ROW_ERROR_CODES), in file order. */
  refusals: RowError[];
}

export interface BatchOptions {
  /** The batch's working set, loaded ahead (see prefetchWorkingSet) and overlaid since. */
  prefetched?: WorkingSet;
  /** The caller holds the division's import lock for the whole job already. */
  divisionLocked?: boolean;
  /** Receives what the batch wrote, to overlay on the next batch's prefetched set. */
  onWritten?: (written: WrittenBatch) => void;
}

/**
 * Applies a batch of valid rows in file order: one query loads every contact they could match,
 * the rows are applied in memory one by one (so a row sees what earlier rows did), and the
 * result is written back set-based.
 */
export async function applyBatch(input: BatchInput, options: BatchOptions = {}): Promise<BatchResult> {
  // Imports into the same division take turns, so each batch matches against everything
  // committed before it and two jobs cannot both create the same contact.
  // Bounded: a LockTimeoutError after IMPORT_DIVISION_WAIT_SECONDS rolls the batch back.
  if (!options.divisionLocked) {
    await lockDivisionForBatch(input.db, input.scope.divisionId);
  }
  const set = options.prefetched
    ?? await timePhase('load working set', () => prefetchWorkingSet(input.db, input));
  const applier = new RowApplier(set, {
    settings: input.settings, now: input.now, canSeeCandidates: input.canSeeCandidates,
  });
  await timePhase('apply in memory', async () => { for (const row of input.rows) applier.apply(row); });
  const written = await timePhase('write', () => writeBatch({ db: input.db, scope: input.scope, jobId: input.jobId, now: input.now }, applier, set));
  options.onWritten?.(written);
  return { ...applier.counts, refusals: applier.refusals };
}

/** Every stored contact and organization the batch's rows could match, as the database has them now. */
export function prefetchWorkingSet(
  db: AppDatabase, input: Pick<BatchInput, 'scope' | 'settings' | 'rows' | 'canSeeCandidates'>,
): Promise<WorkingSet> {
  const identifiers = !input.canSeeCandidates ? []
    : input.settings.loadType === 'deleteListed' ? ['externalId' as const] : input.settings.matchBy;
  return loadWorkingSet(db, input.scope, input.rows, identifiers);
}

/** Drop and insert: soft-deletes every live contact of the source in the division first. */
export async function dropSourceContacts(db: AppDatabase, jobId: string, scope: Scope, now: Date): Promise<number> {
  const dropped = await queryRows<{ id: string | number }>(db, sql`
    update contacts c set deleted_at = ${now.toISOString()}, modified_at = ${now.toISOString()}
    where c.division_id = ${scope.divisionId} and c.deleted_at is null and c.merged_into is null
      and exists (select 1 from contact_external_ids e where e.contact_id = c.id and e.source_id = ${scope.sourceId})
    returning c.id`);
  if (dropped.length > 0) {
    await db.execute(sql`
      insert into job_contact_changes (job_id, contact_id, action, before, after)
      select ${jobId}, v.id, 'deleted', '{"deleted_at": null}'::jsonb, jsonb_build_object('deleted_at', ${now.toISOString()}::text)
      from jsonb_array_elements_text(${JSON.stringify(dropped.map((d) => String(d.id)))}::jsonb) as t(value)
      cross join lateral (select t.value::bigint as id) v`);
  }
  return dropped.length;
}
