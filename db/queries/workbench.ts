import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type AppDatabase } from '../client';
import { postgresClientOf } from '../copy';
import type { FixOperationKind, FixOperationStatus } from '../schema';
import type { ErrorRecord } from '../../lib/import/jobs/steps/error-rows';

// The validation workbench's SQL (decision 008). A workbench row is a line of the job that has
// errors now (job_row_errors, severity 'error') or an edit (job_row_edits), or both. Each failing
// line keeps its row as read on exactly one of its error records (the first: row is not null).

export type WorkbenchState = 'invalid' | 'fixed' | 'excluded' | 'all';

export interface WorkbenchFilter {
  code?: string;
  column?: string;
  state: WorkbenchState;
}

const intArray = (values: readonly number[]) => sql`${`{${values.join(',')}}`}::int[]`;

/** An error of the line `w.line` matching the filter's code and column (both: the same error). */
function matchingError(jobId: string, filter: WorkbenchFilter, line: SQL): SQL {
  return sql`exists (select 1 from job_row_errors m
    where m.job_id = ${jobId} and m.line = ${line} and m.severity = 'error'
      ${filter.code !== undefined ? sql`and m.code = ${filter.code}` : sql``}
      ${filter.column !== undefined ? sql`and m."column" = ${filter.column}` : sql``})`;
}

/**
 * The workbench rows of a job matching the filter after a line, as a relation `w` (line, cells,
 * excluded, truncated): cells are the edit's, else the row as read; truncated, a row cut for
 * storage and never edited (it cannot be fixed). Each state reads its own side in line order by
 * its (job_id, line) index, so a page stops after its rows (measured: docs/wizard.md).
 */
function workbenchRows(jobId: string, filter: WorkbenchFilter, after: number): SQL {
  const byError = filter.code !== undefined || filter.column !== undefined;
  const fromErrors = (extra: SQL) => sql`(select r.line, coalesce(x.cells, r.row) as cells, coalesce(x.excluded, false) as excluded,
      (x.line is null and r.row_truncated) as truncated
    from job_row_errors r left join job_row_edits x on x.job_id = r.job_id and x.line = r.line
    where r.job_id = ${jobId} and r.severity = 'error' and r.row is not null and r.line > ${after} ${extra}
      ${byError ? sql`and ${matchingError(jobId, filter, sql`r.line`)}` : sql``}) w`;
  const fromEdits = (extra: SQL) => sql`(select x.line, x.cells, x.excluded, false as truncated
    from job_row_edits x where x.job_id = ${jobId} and x.line > ${after} ${extra}) w`;
  switch (filter.state) {
    case 'invalid': return fromErrors(sql`and x.excluded is not true`);
    case 'excluded':
      return fromEdits(sql`and x.excluded ${byError ? sql`and ${matchingError(jobId, filter, sql`x.line`)}` : sql``}`);
    case 'fixed':
      // A fixed row has no error left: no code or column of an error can select it.
      // A scalar subquery, looked up per edit: an anti-join would read every error of the job.
      return fromEdits(sql`and not x.excluded and ${byError ? sql`false` : sql`(select true from job_row_errors e
        where e.job_id = ${jobId} and e.line = x.line and e.severity = 'error' limit 1) is null`}`);
    default:
      if (byError) return fromErrors(sql``);
      return sql`(select coalesce(x.line, r.line) as line, coalesce(x.cells, r.row) as cells,
          coalesce(x.excluded, false) as excluded, (x.line is null and coalesce(r.row_truncated, false)) as truncated
        from (select line, row, row_truncated from job_row_errors
              where job_id = ${jobId} and severity = 'error' and row is not null and line > ${after}) r
        full join (select line, cells, excluded from job_row_edits where job_id = ${jobId} and line > ${after}) x
          on x.line = r.line) w`;
  }
}

/** The lines of the rows matching the filter after `after`, in order, at most `limit`. */
export async function selectWorkbenchLines(
  db: AppDatabase, jobId: string, filter: WorkbenchFilter, after: number, limit: number, fixable = false,
): Promise<number[]> {
  const rows = await queryRows<{ line: number }>(db, sql`select w.line from ${workbenchRows(jobId, filter, after)}
    ${fixable ? sql`where not w.truncated` : sql``} order by w.line limit ${limit}`);
  return rows.map((row) => Number(row.line));
}

/**
 * How many rows match the filter. By code or column: the job's errors of that code or column are
 * read (measured at 100,000 invalid rows: docs/wizard.md). Without: the caller takes the job's
 * counters, which are exact; this counts them from the rows (after the import, engine refusals
 * are errors too).
 */
export async function countWorkbenchRows(db: AppDatabase, jobId: string, filter: WorkbenchFilter): Promise<number> {
  if ((filter.code === undefined && filter.column === undefined) || filter.state === 'fixed') {
    const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from ${workbenchRows(jobId, filter, 0)}`);
    return Number(row.n);
  }
  const state = { invalid: sql`and x.excluded is not true`, excluded: sql`and x.excluded`, all: sql`` }[filter.state];
  const [row] = await queryRows<{ n: number }>(db, sql`select count(distinct m.line)::int as n
    from job_row_errors m left join job_row_edits x on x.job_id = m.job_id and x.line = m.line
    where m.job_id = ${jobId} and m.severity = 'error' ${state}
      ${filter.code !== undefined ? sql`and m.code = ${filter.code}` : sql``}
      ${filter.column !== undefined ? sql`and m."column" = ${filter.column}` : sql``}`);
  return Number(row.n);
}

/**
 * The errors of the rows not excluded, by code and by column: one pass over the job's errors
 * (a row with the same code in two columns counts twice under that code).
 */
export async function workbenchFacets(db: AppDatabase, jobId: string): Promise<{
  codes: { code: string; count: number }[]; columns: { column: string; count: number }[];
}> {
  const rows = await queryRows<{ code: string; column: string | null; n: number }>(db, sql`
    select e.code, e."column", count(*)::int as n
    from job_row_errors e left join job_row_edits x on x.job_id = e.job_id and x.line = e.line
    where e.job_id = ${jobId} and e.severity = 'error' and x.excluded is not true
    group by e.code, e."column"`);
  const sum = (key: (r: typeof rows[number]) => string | null) => {
    const totals = new Map<string, number>();
    for (const r of rows) {
      const k = key(r);
      if (k !== null) totals.set(k, (totals.get(k) ?? 0) + Number(r.n));
    }
    return [...totals].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  };
  return {
    codes: sum((r) => r.code).map(([code, count]) => ({ code, count })),
    columns: sum((r) => r.column).map(([column, count]) => ({ column, count })),
  };
}

/** A cell action's test in SQL: the rows it changes (preview), for the actions SQL decides exactly. */
export type CellChangeTest =
  | { kind: 'differs'; index: number; value: string }
  | { kind: 'contains'; index: number; find: string }
  | { kind: 'excluded'; value: boolean };

/** How many fixable rows of the filter the test says the action changes. */
export async function countChangedRows(db: AppDatabase, jobId: string, filter: WorkbenchFilter, test: CellChangeTest): Promise<number> {
  const cell = (index: number) => sql`coalesce(w.cells ->> ${index}::int, '')`;
  const change = test.kind === 'differs' ? sql`${cell(test.index)} <> ${test.value}`
    : test.kind === 'contains' ? sql`strpos(${cell(test.index)}, ${test.find}) > 0`
      : test.value ? sql`not w.excluded` : sql`w.excluded`;
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from ${workbenchRows(jobId, filter, 0)}
    where not w.truncated and ${change}`);
  return Number(row.n);
}

/** One cell of the fixable rows of the filter after a line, in order (a preview computed in code). */
export async function selectWorkbenchCells(
  db: AppDatabase, jobId: string, filter: WorkbenchFilter, index: number, after: number, limit: number,
): Promise<{ line: number; cell: string }[]> {
  const rows = await queryRows<{ line: number; cell: string }>(db, sql`
    select w.line, coalesce(w.cells ->> ${index}::int, '') as cell from ${workbenchRows(jobId, filter, after)}
    where not w.truncated order by w.line limit ${limit}`);
  return rows.map((row) => ({ line: Number(row.line), cell: row.cell }));
}

export interface StoredWorkbenchRow {
  line: number;
  /** As they will be imported: the edit's, else the row as read (cut when `truncated`). */
  cells: string[];
  original: string[] | null;
  edited: boolean;
  excluded: boolean;
  truncated: boolean;
  errors: { column: string | null; code: string; params: Record<string, string | number> | null }[];
}

/** The workbench rows at these lines (lines that are none are left out). */
export async function loadWorkbenchRows(db: AppDatabase, jobId: string, lines: readonly number[]): Promise<Map<number, StoredWorkbenchRow>> {
  const found = new Map<number, StoredWorkbenchRow>();
  if (lines.length === 0) return found;
  const edits = await queryRows<{ line: number; original: string[]; cells: string[]; excluded: boolean }>(db, sql`
    select line, original, cells, excluded from job_row_edits where job_id = ${jobId} and line = any(${intArray(lines)})`);
  const errors = await queryRows<{
    line: number; column: string | null; code: string; params: Record<string, string | number> | null;
    row: string[] | null; row_truncated: boolean;
  }>(db, sql`select line, "column", code, params, row, row_truncated from job_row_errors
    where job_id = ${jobId} and severity = 'error' and line = any(${intArray(lines)}) order by line, id`);
  for (const edit of edits) {
    found.set(Number(edit.line), {
      line: Number(edit.line), cells: edit.cells, original: edit.original, edited: true, excluded: edit.excluded,
      truncated: false, errors: [],
    });
  }
  for (const error of errors) {
    const line = Number(error.line);
    let row = found.get(line);
    if (!row) {
      row = { line, cells: [], original: null, edited: false, excluded: false, truncated: error.row_truncated, errors: [] };
      found.set(line, row);
    }
    if (!row.edited && error.row) row.cells = error.row;
    row.errors.push({ column: error.column, code: error.code, params: error.params });
  }
  return found;
}

export interface RowEditWrite { line: number; original: string[]; cells: string[]; excluded: boolean }

export async function upsertRowEdits(tx: AppDatabase, jobId: string, edits: readonly RowEditWrite[]): Promise<void> {
  if (edits.length === 0) return;
  await tx.execute(sql`insert into job_row_edits (job_id, line, original, cells, excluded, updated_at)
    select ${jobId}, v.line, v.original, v.cells, v.excluded, now()
    from jsonb_to_recordset(${JSON.stringify(edits)}::jsonb) as v(line int, original jsonb, cells jsonb, excluded boolean)
    on conflict (job_id, line) do update set cells = excluded.cells, "excluded" = excluded."excluded", updated_at = now()`);
}

/** A line's error as the validation stores it (the fixes write no warnings). */
export type ErrorRecordWrite = Omit<ErrorRecord, 'severity'>;

/** The lines' errors replaced by their current ones (warnings are left as they are). */
export async function replaceRowErrors(
  tx: AppDatabase, jobId: string, lines: readonly number[], records: readonly ErrorRecordWrite[],
): Promise<void> {
  if (lines.length === 0) return;
  await tx.execute(sql`delete from job_row_errors
    where job_id = ${jobId} and severity = 'error' and line = any(${intArray(lines)})`);
  if (records.length === 0) return;
  await tx.execute(sql`insert into job_row_errors (job_id, line, "column", code, params, row, row_truncated, severity)
    select ${jobId}, v.line, v.column, v.code, v.params, v.row, v.row_truncated, 'error'
    from jsonb_to_recordset(${JSON.stringify(records)}::jsonb)
      as v(line int, "column" text, code text, params jsonb, row jsonb, row_truncated boolean)`);
}

export interface FixRecordWrite {
  line: number;
  column: string | null;
  kind: FixOperationKind;
  before: string | null;
  after: string | null;
}

export async function insertFixRecords(
  tx: AppDatabase, jobId: string, operationId: string, actor: string | null, records: readonly FixRecordWrite[],
): Promise<void> {
  if (records.length === 0) return;
  await tx.execute(sql`insert into job_row_fixes (job_id, operation_id, line, "column", kind, before, after, actor)
    select ${jobId}, ${operationId}, v.line, v.column, v.kind, v.before, v.after, ${actor}
    from jsonb_to_recordset(${JSON.stringify(records)}::jsonb)
      as v(line int, "column" text, kind text, before text, after text)`);
}

export interface CounterDelta { valid: number; invalid: number; fixed: number; excluded: number }

/**
 * The job's counters moved by what a fix did, and its fix version raised. Rows not imported are
 * the invalid and excluded ones until the import runs (notImported and failed show the same).
 */
export async function addFixCounters(tx: AppDatabase, jobId: string, d: CounterDelta): Promise<void> {
  const notImported = d.invalid + d.excluded;
  await tx.execute(sql`update import_jobs set valid_rows = valid_rows + ${d.valid}, invalid_rows = invalid_rows + ${d.invalid},
      fixed_rows = fixed_rows + ${d.fixed}, excluded_rows = excluded_rows + ${d.excluded},
      not_imported = not_imported + ${notImported}, failed = failed + ${notImported}, fix_version = fix_version + 1
    where id = ${jobId}`);
}

export type FixOperationRow = {
  id: string;
  kind: FixOperationKind;
  filter: Record<string, unknown>;
  params: Record<string, unknown>;
  status: FixOperationStatus;
  target_rows: number;
  changed_rows: number;
  last_line: number;
  actor_id: string | null;
  actor_name: string | null;
  created_at: Date | string;
  finished_at: Date | string | null;
  undone_at: Date | string | null;
  undoes: string | null;
  error_code: string | null;
  /** An undo of it is queued, running or applied. */
  undo_pending: boolean;
};

/** The job's fix operations, newest first (a job has a few hundred at most: one per fix asked for). */
export function listFixOperationRows(db: AppDatabase, jobId: string, limit = 500): Promise<FixOperationRow[]> {
  return queryRows<FixOperationRow>(db, sql`
    select o.id, o.kind, o.filter, o.params, o.status, o.target_rows, o.changed_rows, o.last_line,
      o.actor as actor_id, u.name as actor_name, o.created_at, o.finished_at, o.undone_at, o.undoes, o.error_code,
      exists (select 1 from job_fix_operations d where d.undoes = o.id and d.status <> 'failed') as undo_pending
    from job_fix_operations o left join users u on u.id = o.actor
    where o.job_id = ${jobId} order by o.created_at desc, o.id desc limit ${limit}`);
}

export async function findFixOperationRow(db: AppDatabase, jobId: string, operationId: string): Promise<FixOperationRow | undefined> {
  const [row] = await queryRows<FixOperationRow>(db, sql`
    select o.id, o.kind, o.filter, o.params, o.status, o.target_rows, o.changed_rows, o.last_line,
      o.actor as actor_id, u.name as actor_name, o.created_at, o.finished_at, o.undone_at, o.undoes, o.error_code,
      exists (select 1 from job_fix_operations d where d.undoes = o.id and d.status <> 'failed') as undo_pending
    from job_fix_operations o left join users u on u.id = o.actor
    where o.job_id = ${jobId} and o.id = ${operationId}`);
  return row;
}

/** The queued or running operations of a job, oldest first: what the fixing step applies. */
export function pendingFixOperations(db: AppDatabase, jobId: string): Promise<FixOperationRow[]> {
  return queryRows<FixOperationRow>(db, sql`
    select o.id, o.kind, o.filter, o.params, o.status, o.target_rows, o.changed_rows, o.last_line,
      o.actor as actor_id, null as actor_name, o.created_at, o.finished_at, o.undone_at, o.undoes, o.error_code,
      false as undo_pending
    from job_fix_operations o where o.job_id = ${jobId} and o.status in ('queued', 'running')
    order by o.created_at, o.id`);
}

export type FixRecordRow = {
  id: number;
  operation_id: string;
  line: number;
  column: string | null;
  kind: FixOperationKind;
  before: string | null;
  after: string | null;
  actor_id: string | null;
  actor_name: string | null;
  created_at: Date | string;
};

/** A page of the job's fix records, newest first, optionally of one line. */
export async function listFixRecordRows(
  db: AppDatabase, jobId: string, { line, limit, offset }: { line?: number; limit: number; offset: number },
): Promise<{ rows: FixRecordRow[]; total: number }> {
  const where = sql`f.job_id = ${jobId} ${line !== undefined ? sql`and f.line = ${line}` : sql``}`;
  const rows = await queryRows<FixRecordRow>(db, sql`
    select f.id, f.operation_id, f.line, f."column", f.kind, f.before, f.after, f.actor as actor_id, u.name as actor_name,
      f.created_at
    from job_row_fixes f left join users u on u.id = f.actor
    where ${where} order by f.id desc limit ${limit} offset ${offset}`);
  const [count] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from job_row_fixes f where ${where}`);
  return { rows, total: Number(count.n) };
}

/** The lines an operation changed after a line, in order, at most `limit` (an undo's batches). */
export async function selectFixedLines(
  db: AppDatabase, operationId: string, after: number, limit: number,
): Promise<number[]> {
  const rows = await queryRows<{ line: number }>(db, sql`select distinct line from job_row_fixes
    where operation_id = ${operationId} and line > ${after} order by line limit ${limit}`);
  return rows.map((row) => Number(row.line));
}

/** An operation's fix records at these lines, in the order written. */
export function fixRecordsAt(db: AppDatabase, operationId: string, lines: readonly number[]): Promise<FixRecordRow[]> {
  if (lines.length === 0) return Promise.resolve([]);
  return queryRows<FixRecordRow>(db, sql`select id, operation_id, line, "column", kind, before, after,
      actor as actor_id, null as actor_name, created_at
    from job_row_fixes where operation_id = ${operationId} and line = any(${intArray(lines)}) order by line, id`);
}

/**
 * The validation writes a job's errors in bulk, and a bulk fix its edits, into tables the planner
 * may believe empty (PGlite has no autovacuum; PostgreSQL's comes later): it then reads a page of
 * the workbench by sorting every error of the job (measured at 100,000 invalid rows: 240 ms
 * instead of 10 for a page, 130 ms instead of 1 to load 500 rows). The statistics of a table are
 * refreshed when it is known to hold more rows than they say (`atLeast`: a lower bound from the
 * job's counters), past a size where plans matter; a few hundred milliseconds, once.
 */
export async function refreshWorkbenchStatistics(
  db: AppDatabase, atLeast: { errors: number; edits: number; fixes?: number },
): Promise<void> {
  const rows = await queryRows<{ name: string; tuples: number | string }>(db, sql`
    select relname as name, reltuples as tuples from pg_class
    where oid in ('job_row_errors'::regclass, 'job_row_edits'::regclass, 'job_row_fixes'::regclass)`);
  const tables = [['job_row_errors', atLeast.errors], ['job_row_edits', atLeast.edits], ['job_row_fixes', atLeast.fixes ?? 0]] as const;
  for (const [table, known] of tables) {
    const tuples = Number(rows.find((row) => row.name === table)?.tuples ?? 0);
    if (known < STALE_STATISTICS_ROWS || tuples >= known) continue;
    if (postgresClientOf(db)) await db.execute(sql.raw(`analyze ${table}`));
    else {
      // PGlite holds every request meanwhile: a smaller sample, as for the import's tables (maintenance.ts).
      await db.transaction(async (tx) => {
        await tx.execute(sql.raw('set local default_statistics_target = 10'));
        await tx.execute(sql.raw(`analyze ${table}`));
      });
    }
  }
}

/** Below this many rows of a job, any plan reads them quickly. */
const STALE_STATISTICS_ROWS = 5000;
