import { and, eq, sql } from 'drizzle-orm';
import type { AppDatabase } from '../../../db/client';
import { importJobs, jobFixOperations, uploads, type FixOperationKind } from '../../../db/schema';
import { recordAudit } from '../../../db/queries/audit';
import {
  countWorkbenchRows, findFixOperationRow, listFixOperationRows, listFixRecordRows, loadWorkbenchRows,
  refreshWorkbenchStatistics, selectWorkbenchLines, workbenchFacets, type FixOperationRow,
} from '../../../db/queries/workbench';
import { defineOperation, type OperationContext } from '../../actions/operation';
import { DomainError, notFound } from '../../actions/result';
import { hasAnyPermission } from '../../auth/access';
import { findVisibleJob } from '../jobs/job-view';
import { JOB_EDIT_PERMISSION as EDIT, JOB_READ_PERMISSIONS as READ, visibleJobDivision } from '../jobs/job-division';
import type { ImportSettings } from '../rows/types';
import type { ImportJob } from '../jobs/lifecycle';
import { queueProjection } from '../jobs/queue/outcomes';
import { enqueueStep, wakeWorkersFor } from '../jobs/queue/queues';
import { columnIndex, countRowsChangedBy, workbenchFilter } from './preview';
import { cachedRead } from './read-cache';
import {
  countsOf, loadFixJob, lockJobRow, toWorkbenchRow, writeRowChanges,
} from './row-changes';
import {
  bulkFixSchema, fixJobRowSchema, listFixOperationsSchema, listJobFixesSchema, listWorkbenchRowsSchema,
  undoFixOperationSchema, type FixOperationView, type FixRecordView, type WorkbenchRow,
} from './schemas';
import { EXCLUDED, INCLUDED, setCells, type RowChange } from './transforms';

// The validation workbench's operations (decision 008): reading needs importJob:view or viewAll,
// fixing importJob:edit, in the job's division. A job out of sight is "not found".


const jobDivision = (purpose: 'read' | 'edit') => visibleJobDivision(purpose, ({ jobId }: { jobId: string }) => jobId);

const isEditable = (job: Pick<ImportJob, 'status' | 'step'>) => job.status === 'running' && job.step === 'validated';
const notEditable = () => new DomainError('jobs.fixes.errors.notEditable', 409);

async function visibleJob(ctx: OperationContext, jobId: string, purpose: 'read' | 'edit'): Promise<ImportJob> {
  const job = await findVisibleJob(ctx.db, ctx, jobId, purpose);
  if (!job) throw notFound();
  return job;
}

/** The job locked for the transaction, if it still waits validated; else 409. */
async function lockEditableJob(tx: AppDatabase, jobId: string): Promise<ImportJob> {
  const job = await lockJobRow(tx, jobId);
  if (!job) throw notFound();
  if (!isEditable(job)) throw notEditable();
  return job;
}

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

function toOperationView(row: FixOperationRow, jobEditable: boolean): FixOperationView {
  return {
    id: row.id, kind: row.kind, filter: row.filter, params: row.params, status: row.status,
    targetRows: Number(row.target_rows), changedRows: Number(row.changed_rows),
    actor: row.actor_id ? { id: row.actor_id, name: row.actor_name ?? '' } : null,
    createdAt: iso(row.created_at)!, finishedAt: iso(row.finished_at), undoneAt: iso(row.undone_at),
    undoes: row.undoes, errorCode: row.error_code,
    undoable: jobEditable && isUndoable(row),
  };
}

function isUndoable(row: FixOperationRow): boolean {
  return row.kind !== 'undo' && row.undone_at === null && !row.undo_pending
    && (row.status === 'applied' || row.status === 'failed') && Number(row.changed_rows) > 0;
}

async function fileHeaders(db: AppDatabase, job: ImportJob): Promise<string[]> {
  if (!job.uploadId) return [];
  const [upload] = await db.select({ headers: uploads.headers }).from(uploads).where(eq(uploads.id, job.uploadId)).limit(1);
  return upload?.headers ?? [];
}

/**
 * Rows matching the filter: without code or column, the job's counters while fixes may run (exact
 * by construction, and free); else counted from its errors.
 */
async function countRows(db: AppDatabase, job: ImportJob, filter: ReturnType<typeof workbenchFilter>): Promise<number> {
  const fromCounters = filter.code === undefined && filter.column === undefined
    && job.status === 'running' && (job.step === 'validated' || job.step === 'fixing');
  if (!fromCounters) return cachedRead(job, `total:${JSON.stringify(filter)}`, () => countWorkbenchRows(db, job.id, filter));
  return {
    invalid: job.invalidRows, fixed: job.fixedRows, excluded: job.excludedRows,
    all: job.invalidRows + job.fixedRows + job.excludedRows,
  }[filter.state];
}

/** The workbench's rows: a page by line, with their errors, the filter's total, facets and counters. */
export const listWorkbenchRows = defineOperation({
  name: 'listWorkbenchRows',
  permission: READ,
  input: listWorkbenchRowsSchema,
  division: jobDivision('read'),
  async run(input, ctx) {
    const job = await visibleJob(ctx, input.jobId, 'read');
    await refreshWorkbenchStatistics(ctx.db, {
      errors: job.invalidRows + job.excludedRows, edits: job.fixedRows + job.excludedRows,
    });
    const filter = workbenchFilter(input.filter);
    const lines = await selectWorkbenchLines(ctx.db, job.id, filter, input.after ?? 0, input.pageSize + 1);
    const page = lines.slice(0, input.pageSize);
    const stored = await loadWorkbenchRows(ctx.db, job.id, page);
    const rows: WorkbenchRow[] = page.flatMap((line) => (stored.has(line) ? [toWorkbenchRow(stored.get(line)!)] : []));
    const editable = isEditable(job) && await findVisibleJob(ctx.db, ctx, job.id, 'edit') !== undefined
      && hasAnyPermission(ctx.access, [EDIT], job.divisionId);
    return {
      headers: await fileHeaders(ctx.db, job), rows,
      total: await countRows(ctx.db, job, filter),
      nextAfter: lines.length > input.pageSize ? page[page.length - 1] : null,
      facets: await cachedRead(job, 'facets', () => workbenchFacets(ctx.db, job.id)), counts: countsOf(job), editable,
    };
  },
});

function operationKind(values: boolean, exclusion: boolean | undefined): FixOperationKind {
  if (values || exclusion === undefined) return 'cell';
  return exclusion ? 'exclude' : 'include';
}

/**
 * One row's edit or exclusion, applied in one transaction: the job locked and still validated,
 * the row re-validated with the import's rules, its errors, history and the job's counters
 * written, the dry run asked for again.
 */
export const fixJobRow = defineOperation({
  name: 'fixJobRow',
  permission: EDIT,
  input: fixJobRowSchema,
  division: jobDivision('edit'),
  async run(input, ctx) {
    await visibleJob(ctx, input.jobId, 'edit');
    const result = await ctx.db.transaction(async (tx) => {
      const locked = await lockEditableJob(tx, input.jobId);
      const job = await loadFixJob(tx, locked);
      const row = (await loadWorkbenchRows(tx, job.id, [input.line])).get(input.line);
      if (!row) throw new DomainError('errors.notFound', 404, 'line');
      if (row.truncated) throw new DomainError('jobs.fixes.errors.rowTooWide', 409, 'line');
      const entries = Object.entries(input.values ?? {});
      const values = entries.map(([column, value]) => [columnIndex(job.headers, column, `values.${column.slice(0, 100)}`), value] as const);
      let change: RowChange | null = setCells(row, values, job.headers);
      if (input.excluded !== undefined && input.excluded !== row.excluded) {
        change ??= { cells: [...row.cells], excluded: row.excluded, records: [] };
        change.excluded = input.excluded;
        change.records.push({
          column: null, before: row.excluded ? EXCLUDED : INCLUDED, after: input.excluded ? EXCLUDED : INCLUDED,
        });
      }
      if (!change) return { row: toWorkbenchRow(row), counts: job.counts, changed: false };
      const cellsChanged = change.records.some((r) => r.column !== null);
      const kind = operationKind(cellsChanged, cellsChanged ? undefined : change.excluded);
      const [operation] = await tx.insert(jobFixOperations).values({
        jobId: job.id, kind, filter: { lines: [row.line] },
        params: { values: Object.fromEntries(entries), ...(input.excluded !== undefined ? { excluded: input.excluded } : {}) },
        status: 'applied', targetRows: 1, changedRows: 1, lastLine: row.line, actor: ctx.user.id, finishedAt: sql`now()`,
      }).returning({ id: jobFixOperations.id });
      await writeRowChanges(tx, job, operation.id, ctx.user.id, kind, [{ row, change }]);
      const cellRecords = change.records.filter((r) => r.column !== null);
      await recordAudit(tx, {
        actorUserId: ctx.user.id, action: 'importJob.fix', targetType: 'importJob', targetId: job.id,
        details: {
          operationId: operation.id, line: row.line,
          ...(cellRecords.length === 1 ? cellRecords[0] : {}),
          ...(cellRecords.length > 1 ? { changes: cellRecords } : {}),
          ...(change.excluded !== row.excluded ? { excluded: change.excluded } : {}),
        },
      });
      await queueProjection(tx, job.id);
      const [after] = await tx.select().from(importJobs).where(eq(importJobs.id, job.id));
      const updated = (await loadWorkbenchRows(tx, job.id, [row.line])).get(row.line)!;
      return { row: toWorkbenchRow(updated), counts: countsOf(after), changed: true };
    });
    if (result.changed) wakeWorkersFor('projecting');
    return { row: result.row, counts: result.counts };
  },
});

/** How many rows a bulk fix will change (nothing is written). */
export const previewBulkFix = defineOperation({
  name: 'previewBulkFix',
  permission: READ,
  input: bulkFixSchema,
  division: jobDivision('read'),
  async run(input, ctx) {
    const job = await visibleJob(ctx, input.jobId, 'read');
    return { rows: await countRowsChangedBy(ctx.db, job.id, await fileHeaders(ctx.db, job), input.filter, input.action) };
  },
});

/**
 * Queues a fix operation as a job step, in one transaction with the job locked and still
 * validated: the job goes validated -> fixing, `prepare` names the operation (and may refuse
 * it), and the audit row says what was asked. A worker applies it in batches (fix-step.ts).
 */
async function queueFixOperation(
  ctx: OperationContext, jobId: string,
  prepare: (tx: AppDatabase, job: ImportJob) => Promise<{
    values: Omit<typeof jobFixOperations.$inferInsert, 'jobId' | 'actor'>;
    audit: { action: string; details: (operationId: string) => Record<string, unknown> };
  }>,
): Promise<{ operation: FixOperationView }> {
  await visibleJob(ctx, jobId, 'edit');
  const operation = await ctx.db.transaction(async (tx) => {
    const locked = await lockEditableJob(tx, jobId);
    const { values, audit } = await prepare(tx, locked);
    const [queued] = await tx.insert(jobFixOperations).values({ ...values, jobId: locked.id, actor: ctx.user.id })
      .returning({ id: jobFixOperations.id });
    const [moved] = await tx.update(importJobs).set({ step: 'fixing', heartbeatAt: sql`now()` })
      .where(and(eq(importJobs.id, locked.id), eq(importJobs.status, 'running'), eq(importJobs.step, 'validated')))
      .returning({ id: importJobs.id });
    if (!moved) throw notEditable();
    await enqueueStep(tx, locked.id, 'fixing');
    await recordAudit(tx, {
      actorUserId: ctx.user.id, action: audit.action, targetType: 'importJob', targetId: locked.id,
      details: audit.details(queued.id),
    });
    return (await findFixOperationRow(tx, locked.id, queued.id))!;
  });
  wakeWorkersFor('fixing');
  return { operation: toOperationView(operation, false) };
}

/** A bulk fix over the rows of a filter: queued as the job's `fixing` step. */
export const startBulkFix = defineOperation({
  name: 'startBulkFix',
  permission: EDIT,
  input: bulkFixSchema,
  division: jobDivision('edit'),
  run: (input, ctx) => queueFixOperation(ctx, input.jobId, async (tx, job) => {
    const headers = await fileHeaders(tx, job);
    const rows = await countRowsChangedBy(tx, job.id, headers, input.filter, input.action);
    const { kind, ...params } = input.action;
    const filter = workbenchFilter(input.filter);
    return {
      values: { kind, filter: { ...filter }, params, targetRows: rows },
      audit: { action: 'importJob.bulkFix', details: (operationId) => ({ operationId, filter, action: input.action, rows }) },
    };
  }),
});

/** Undoes a fix (a bulk fix or a cell edit): queued as the job's `fixing` step. */
export const undoFixOperation = defineOperation({
  name: 'undoFixOperation',
  permission: EDIT,
  input: undoFixOperationSchema,
  division: jobDivision('edit'),
  run: (input, ctx) => queueFixOperation(ctx, input.jobId, async (tx, job) => {
    const undone = await findFixOperationRow(tx, job.id, input.operationId);
    if (!undone) throw new DomainError('errors.notFound', 404, 'operationId');
    if (!isUndoable(undone)) throw new DomainError('jobs.fixes.errors.notUndoable', 409, 'operationId');
    const rows = Number(undone.changed_rows);
    return {
      values: { kind: 'undo', undoes: undone.id, targetRows: rows },
      audit: { action: 'importJob.undoFix', details: (operationId) => ({ operationId, undoes: undone.id, kind: undone.kind, rows }) },
    };
  }),
});

/** The job's fixes, newest first. */
export const listFixOperations = defineOperation({
  name: 'listFixOperations',
  permission: READ,
  input: listFixOperationsSchema,
  division: jobDivision('read'),
  async run(input, ctx) {
    const job = await visibleJob(ctx, input.jobId, 'read');
    const editable = isEditable(job) && await findVisibleJob(ctx.db, ctx, job.id, 'edit') !== undefined
      && hasAnyPermission(ctx.access, [EDIT], job.divisionId);
    const rows = await listFixOperationRows(ctx.db, job.id);
    return { items: rows.map((row) => toOperationView(row, editable)) };
  },
});

/** The history of every change a fix made, newest first, optionally of one line. */
export const listJobFixes = defineOperation({
  name: 'listJobFixes',
  permission: READ,
  input: listJobFixesSchema,
  division: jobDivision('read'),
  async run(input, ctx) {
    const job = await visibleJob(ctx, input.jobId, 'read');
    const { rows, total } = await listFixRecordRows(ctx.db, job.id, {
      line: input.line, limit: input.pageSize, offset: (input.page - 1) * input.pageSize,
    });
    const items: FixRecordView[] = rows.map((row) => ({
      id: Number(row.id), operationId: row.operation_id, line: Number(row.line), column: row.column, kind: row.kind,
      before: row.before, after: row.after, actor: row.actor_id ? { id: row.actor_id, name: row.actor_name ?? '' } : null,
      createdAt: iso(row.created_at)!,
    }));
    return { items, total };
  },
});

/**
 * The rules a row of the job is checked by, for the browser's check as the person types
 * (checkRowCells): the job's frozen settings and the file's headers.
 */
export const getWorkbenchRules = defineOperation({
  name: 'getWorkbenchRules',
  permission: READ,
  input: listFixOperationsSchema,
  division: jobDivision('read'),
  async run(input, ctx): Promise<{ settings: ImportSettings; headers: string[] }> {
    const job = await visibleJob(ctx, input.jobId, 'read');
    return { settings: job.profileSnapshot as ImportSettings, headers: await fileHeaders(ctx.db, job) };
  },
});
