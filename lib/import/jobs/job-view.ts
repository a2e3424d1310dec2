import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { AppDatabase } from '../../../db/client';
import { importJobs, uploads, type RevertSummary } from '../../../db/schema';
import type { Actor } from '../../actions/operation';
import { divisionsWith } from '../../auth/access';
import { jobErrorMessage } from './job-errors';
import type { ImportJob } from './lifecycle';

function inDivisions(divisionIds: 'all' | string[]): SQL {
  if (divisionIds === 'all') return sql`true`;
  return divisionIds.length ? inArray(importJobs.divisionId, divisionIds) : sql`false`;
}

/**
 * Jobs the caller may act on: their own, and every job of the divisions where they hold
 * importJob:viewAll. For reading, their own count where they hold importJob:view (as the list).
 */
export function jobVisibility({ user, access }: Actor, purpose: 'read' | 'edit'): SQL | undefined {
  const all = inDivisions(divisionsWith(access, 'externalContacts:importJob:viewAll'));
  const own = purpose === 'edit'
    ? eq(importJobs.requestedBy, user.id)
    : and(eq(importJobs.requestedBy, user.id), inDivisions(divisionsWith(access, 'externalContacts:importJob:view')));
  return or(all, own);
}

export async function findVisibleJob(
  db: AppDatabase, actor: Actor, id: string, purpose: 'read' | 'edit',
): Promise<ImportJob | undefined> {
  const [job] = await db.select().from(importJobs).where(and(eq(importJobs.id, id), jobVisibility(actor, purpose))).limit(1);
  return job;
}

export interface ImportJobView {
  id: string;
  description: string;
  fileName: string | null;
  /** When retention deleted the file's content: a retry is refused, the rest of the job stays. */
  fileDeletedAt: Date | null;
  divisionId: string;
  origin: ImportJob['origin'];
  status: ImportJob['status'];
  step: ImportJob['step'];
  autoContinue: boolean;
  counters: Pick<ImportJob, 'rowsInFile' | 'validRows' | 'invalidRows' | 'imported' | 'notImported' | 'inserted'
    | 'updated' | 'merged' | 'deleted' | 'unchanged' | 'skipped' | 'failed' | 'dropped' | 'repeatedRows'
    | 'fixedRows' | 'excludedRows'>;
  /** Goes up with every fix of the validation workbench (a projection at a lower one is out of date). */
  fixVersion: number;
  progress: { done: number; total: number };
  /**
   * A failed job's stable code and its message (`jobs.errors.<code>`) in the caller's language;
   * never the database's own text, which went to the server log (job-errors.ts).
   */
  error: { code: string; message: string } | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** Set once the job was reverted: when, and what the revert did. */
  revert: { at: Date; summary: RevertSummary | null } | null;
}

export async function toJobView(db: AppDatabase, actor: Actor, job: ImportJob): Promise<ImportJobView> {
  const [upload] = job.uploadId
    ? await db.select({ fileName: uploads.fileName, fileDeletedAt: uploads.fileDeletedAt }).from(uploads).where(eq(uploads.id, job.uploadId)).limit(1)
    : [];
  return {
    id: job.id, description: job.description, fileName: upload?.fileName ?? null,
    fileDeletedAt: upload?.fileDeletedAt ?? null, divisionId: job.divisionId,
    origin: job.origin, status: job.status, step: job.step, autoContinue: job.autoContinue,
    counters: {
      rowsInFile: job.rowsInFile, validRows: job.validRows, invalidRows: job.invalidRows, imported: job.imported,
      notImported: job.notImported, inserted: job.inserted, updated: job.updated, merged: job.merged,
      deleted: job.deleted, unchanged: job.unchanged, skipped: job.skipped, failed: job.failed, dropped: job.dropped,
      repeatedRows: job.repeatedRows, fixedRows: job.fixedRows, excludedRows: job.excludedRows,
    },
    fixVersion: job.fixVersion,
    progress: { done: job.progressDone, total: job.progressTotal },
    error: job.errorCode ? { code: job.errorCode, message: jobErrorMessage(job.errorCode, actor.user.locale) } : null,
    createdAt: job.createdAt, startedAt: job.startedAt, finishedAt: job.finishedAt,
    revert: job.revertedAt ? { at: job.revertedAt, summary: job.revertSummary } : null,
  };
}
