import { eq, sql } from 'drizzle-orm';
import { queryRows, type AppDatabase } from '../../../db/client';
import { importJobs, importStagedRows } from '../../../db/schema';
import { loadAccess } from '../../../db/queries/access';
import { hasPermission } from '../../auth/access';
import { applyBatch, dropSourceContacts, type BatchCounts } from '../engine/apply-batch';
import type { NormalizedRow } from '../types';
import { loadJobContext, type JobContext } from './load-job';
import type { ImportOutcome, StepOptions } from './step-contract';

const BATCH_ROWS = Number(process.env.IMPORT_BATCH_SIZE ?? 10000);

/**
 * Imports the staged rows in line order, a batch per transaction. Each transaction also moves
 * the job's resume point and adds the batch's counters, so after a crash the import goes on
 * from the last committed batch and nothing is applied or counted twice. Drop and insert runs as
 * one transaction, as the user was told.
 */
export async function importJob(db: AppDatabase, jobId: string, options: StepOptions): Promise<ImportOutcome> {
  const job = await loadJobContext(db, jobId);
  const canSeeCandidates = await onBehalfUserSeesDivision(db, job);
  const { total, done: alreadyDone } = await stagedProgress(db, jobId, job.lastCommittedLine);
  let done = alreadyDone;
  const scope = { divisionId: job.divisionId, sourceId: job.settings.externalSourceId };
  const statistics = new StatisticsKeeper();
  const run = async (tx: AppDatabase, now: Date) => {
    let after = job.lastCommittedLine;
    for (;;) {
      options.signal.throwIfAborted();
      const rows = await nextBatch(tx, jobId, after);
      if (rows.length === 0) break;
      const apply = async (batchDb: AppDatabase) => {
        const counts = await applyBatch({
          db: batchDb, jobId, scope, settings: job.settings, rows, now, canSeeCandidates,
        });
        await recordBatch(batchDb, jobId, rows[rows.length - 1].line, counts);
        return counts;
      };
      const counts = tx === db ? await db.transaction((batchTx) => apply(batchTx)) : await apply(tx);
      await statistics.afterBatch(tx, counts.inserted);
      after = rows[rows.length - 1].line;
      done += rows.length;
      await options.onProgress(done, total);
    }
  };
  if (job.settings.loadType === 'dropAndInsert') {
    await db.transaction(async (tx) => {
      const now = new Date();
      const dropped = await dropSourceContacts(tx, jobId, scope, now);
      await tx.update(importJobs).set({ dropped }).where(eq(importJobs.id, jobId));
      await run(tx, now);
      // In the same transaction: a crash after the commit must not find staged rows, drop the
      // source again and import nothing.
      await tx.delete(importStagedRows).where(eq(importStagedRows.jobId, jobId));
    });
  } else {
    await run(db, new Date());
    await db.delete(importStagedRows).where(eq(importStagedRows.jobId, jobId));
  }
  const [final] = await db.select().from(importJobs).where(eq(importJobs.id, jobId));
  return {
    inserted: final.inserted, updated: final.updated, merged: final.merged, deleted: final.deleted,
    unchanged: final.unchanged, failed: 0,
  };
}

async function nextBatch(db: AppDatabase, jobId: string, afterLine: number): Promise<NormalizedRow[]> {
  const rows = await queryRows<{ row: unknown }>(db, sql`
    select row from import_staged_rows where job_id = ${jobId} and line > ${afterLine}
    order by line limit ${BATCH_ROWS}`);
  return rows.map(({ row }) => {
    const parsed = (typeof row === 'string' ? JSON.parse(row) : row) as NormalizedRow & { deletedAt: string | null };
    return { ...parsed, deletedAt: parsed.deletedAt ? new Date(parsed.deletedAt) : null };
  });
}

async function recordBatch(db: AppDatabase, jobId: string, lastLine: number, counts: BatchCounts) {
  await db.execute(sql`update import_jobs set
      last_committed_line = ${lastLine},
      inserted = inserted + ${counts.inserted}, updated = updated + ${counts.updated},
      unchanged = unchanged + ${counts.unchanged}, deleted = deleted + ${counts.deleted},
      merged = merged + ${counts.merged}, heartbeat_at = now()
    where id = ${jobId}`);
}

/** Staged rows stay until the import ends, so progress survives a restart. */
async function stagedProgress(db: AppDatabase, jobId: string, lastCommittedLine: number) {
  const [row] = await queryRows<{ total: number; done: number }>(db, sql`
    select count(*)::int as total, (count(*) filter (where line <= ${lastCommittedLine}))::int as done
    from import_staged_rows where job_id = ${jobId}`);
  return row;
}

/** Matching sees only contacts the on-behalf-of user (else the requester) may see (seed 002). */
async function onBehalfUserSeesDivision(db: AppDatabase, job: JobContext): Promise<boolean> {
  const userId = job.onBehalfOf ?? job.requestedBy;
  if (!userId) return true;
  return hasPermission(await loadAccess(db, userId), 'externalContacts:contact:view', job.divisionId);
}

/**
 * A first import into an empty table leaves the planner believing the table is empty, and the
 * next batch's lookups then scan it row by row (seen: 100x slower). Statistics are refreshed
 * after the first batch that inserts, and each time this job has doubled what it inserted.
 */
class StatisticsKeeper {
  private inserted = 0;
  private nextRefresh = 1;

  async afterBatch(db: AppDatabase, inserted: number): Promise<void> {
    this.inserted += inserted;
    if (this.inserted < this.nextRefresh) return;
    await db.execute(sql`analyze contacts`);
    await db.execute(sql`analyze contact_external_ids`);
    this.nextRefresh = this.inserted * 2;
  }
}
