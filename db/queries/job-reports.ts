import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { queryRows, type AppDatabase } from '../client';
import {
  contacts, divisions, externalSources, importJobs, importProfiles, jobChangeCounts, jobContactChanges, jobCreatedContacts,
  jobRevertConflicts, jobRowErrors, uploads, users,
} from '../schema';

type ChangeAction = (typeof jobContactChanges.$inferSelect)['action'];

export interface JobErrorRow {
  id: number;
  line: number;
  column: string | null;
  code: string;
  params: Record<string, string | number> | null;
  /** The line was longer than the stored cap: the report keeps only its beginning. */
  rowTruncated: boolean;
  /** 'warning': the row stays valid (a repeated identifier); 'error': the row fails. */
  severity: RowErrorSeverity;
}

export type RowErrorSeverity = 'error' | 'warning';

/** One page of a job's row errors and warnings in line order, optionally of one code or one severity. */
export function listJobErrorRows(
  db: AppDatabase, jobId: string,
  { code, severity, limit, offset }: { code?: string; severity?: RowErrorSeverity; limit: number; offset: number },
): Promise<JobErrorRow[]> {
  return db.select({
    id: jobRowErrors.id, line: jobRowErrors.line, column: jobRowErrors.column, code: jobRowErrors.code,
    params: jobRowErrors.params, rowTruncated: jobRowErrors.rowTruncated, severity: jobRowErrors.severity,
  })
    .from(jobRowErrors)
    .where(and(
      eq(jobRowErrors.jobId, jobId), code ? eq(jobRowErrors.code, code) : undefined,
      severity ? eq(jobRowErrors.severity, severity) : undefined,
    ))
    .orderBy(asc(jobRowErrors.line), asc(jobRowErrors.id))
    .limit(limit)
    .offset(offset);
}

/** How many errors (and warnings) of each code the job has, most frequent first (the filter by error type). */
export function countJobErrorsByCode(
  db: AppDatabase, jobId: string,
): Promise<{ code: string; severity: RowErrorSeverity; count: number }[]> {
  const count = sql<number>`count(*)::int`;
  return db.select({ code: jobRowErrors.code, severity: jobRowErrors.severity, count }).from(jobRowErrors)
    .where(eq(jobRowErrors.jobId, jobId))
    .groupBy(jobRowErrors.code, jobRowErrors.severity)
    .orderBy(desc(count), asc(jobRowErrors.code));
}

/** The header and separator of the file a job imported; null when the upload is gone. */
export async function findJobFileFormat(
  db: AppDatabase, jobId: string,
): Promise<{ headers: string[]; separator: string | null } | null> {
  const [row] = await db.select({ headers: uploads.headers, separator: uploads.separator })
    .from(importJobs)
    .innerJoin(uploads, eq(uploads.id, importJobs.uploadId))
    .where(eq(importJobs.id, jobId))
    .limit(1);
  return row ? { headers: row.headers ?? [], separator: row.separator } : null;
}

export interface JobChangeRow {
  id: number;
  contactId: number;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  action: ChangeAction;
  line: number | null;
  before: unknown;
  after: unknown;
  mergedInto: number | null;
}

/**
 * One page of the contacts a job changed: those it created first (by id, from its runs of
 * created ids), then the others in the order it changed them. A created contact has no change
 * record: its row's id is the contact id negated, so ids stay unique across the list.
 */
export async function listJobChangeRows(
  db: AppDatabase, jobId: string, { action, limit, offset }: { action?: ChangeAction; limit: number; offset: number },
): Promise<JobChangeRow[]> {
  if (action && action !== 'inserted') return listChangeRecords(db, jobId, action, limit, offset);
  const runs = await readCreatedRuns(db, jobId);
  if (action === 'inserted') return listCreatedRows(db, runs, limit, offset);
  const created = runs.reduce((sum, [first, last]) => sum + last - first + 1, 0);
  const head = offset < created ? await listCreatedRows(db, runs, limit, offset) : [];
  if (head.length >= limit) return head;
  return [...head, ...await listChangeRecords(db, jobId, undefined, limit - head.length, Math.max(0, offset - created))];
}

function listChangeRecords(
  db: AppDatabase, jobId: string, action: ChangeAction | undefined, limit: number, offset: number,
): Promise<JobChangeRow[]> {
  return db.select({
    id: jobContactChanges.id, contactId: jobContactChanges.contactId,
    firstName: contacts.firstName, lastName: contacts.lastName,
    email: sql<string | null>`coalesce(${contacts.workEmail}, ${contacts.personalEmail}, ${contacts.otherEmail})`,
    action: jobContactChanges.action, line: jobContactChanges.line,
    before: jobContactChanges.before, after: jobContactChanges.after, mergedInto: jobContactChanges.mergedInto,
  })
    .from(jobContactChanges)
    .leftJoin(contacts, eq(contacts.id, jobContactChanges.contactId))
    .where(and(eq(jobContactChanges.jobId, jobId), action ? eq(jobContactChanges.action, action) : undefined))
    .orderBy(asc(jobContactChanges.id))
    .limit(limit)
    .offset(offset);
}

type IdRun = readonly [first: number, last: number];

/** The job's runs of created ids [first, last], in id order (one run per batch or so). */
async function readCreatedRuns(db: AppDatabase, jobId: string): Promise<IdRun[]> {
  const runs = await db.select({ firstId: jobCreatedContacts.firstId, lastId: jobCreatedContacts.lastId })
    .from(jobCreatedContacts).where(eq(jobCreatedContacts.jobId, jobId)).orderBy(asc(jobCreatedContacts.firstId));
  return runs.map((run) => [Number(run.firstId), Number(run.lastId)] as const);
}

/**
 * Positions offset..offset+limit-1 of the job's created ids: worked out from its runs, then the
 * contacts read by primary key, so the page costs the same however many contacts there are.
 */
async function listCreatedRows(db: AppDatabase, runs: readonly IdRun[], limit: number, offset: number): Promise<JobChangeRow[]> {
  const ids = idsAtPositions(runs, offset, limit);
  if (ids.length === 0) return [];
  const found = new Map((await db.select({
    id: contacts.id, firstName: contacts.firstName, lastName: contacts.lastName, mergedInto: contacts.mergedInto,
    email: sql<string | null>`coalesce(${contacts.workEmail}, ${contacts.personalEmail}, ${contacts.otherEmail})`,
  }).from(contacts).where(inArray(contacts.id, ids))).map((row) => [Number(row.id), row]));
  return ids.map((id) => {
    const row = found.get(id);
    return {
      id: -id, contactId: id, firstName: row?.firstName ?? null, lastName: row?.lastName ?? null, email: row?.email ?? null,
      action: 'inserted', line: null, before: null, after: null, mergedInto: row?.mergedInto == null ? null : Number(row.mergedInto),
    };
  });
}

/** The ids at positions offset..offset+limit-1 of the runs [first, last] taken in order. */
function idsAtPositions(runs: readonly IdRun[], offset: number, limit: number): number[] {
  const ids: number[] = [];
  let skipped = 0;
  for (const [first, last] of runs) {
    const size = last - first + 1;
    if (skipped + size > offset) {
      for (let id = first + Math.max(0, offset - skipped); id <= last && ids.length < limit; id += 1) ids.push(id);
      if (ids.length >= limit) break;
    }
    skipped += size;
  }
  return ids;
}

export interface RevertConflictRow {
  contactId: number;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  action: ChangeAction;
}

/** One page of the contacts a revert left as they were, by contact id. */
export function listRevertConflictRows(
  db: AppDatabase, jobId: string, { limit, offset }: { limit: number; offset: number },
): Promise<RevertConflictRow[]> {
  return db.select({
    contactId: jobRevertConflicts.contactId, firstName: contacts.firstName, lastName: contacts.lastName,
    email: sql<string | null>`coalesce(${contacts.workEmail}, ${contacts.personalEmail}, ${contacts.otherEmail})`,
    action: jobRevertConflicts.action,
  })
    .from(jobRevertConflicts)
    .leftJoin(contacts, eq(contacts.id, jobRevertConflicts.contactId))
    .where(eq(jobRevertConflicts.jobId, jobId))
    .orderBy(asc(jobRevertConflicts.contactId))
    .limit(limit)
    .offset(offset);
}

export async function countRevertConflicts(db: AppDatabase, jobId: string): Promise<number> {
  const [{ total }] = await db.select({ total: sql<number>`count(*)::int` }).from(jobRevertConflicts)
    .where(eq(jobRevertConflicts.jobId, jobId));
  return total;
}

/**
 * How many contacts of each action: created ones are a sum over the job's runs of ids, the others
 * come from the counts a trigger keeps (migration 0013). No change record is read.
 */
export async function countJobChangesByAction(db: AppDatabase, jobId: string): Promise<{ action: ChangeAction; count: number }[]> {
  const rows = await queryRows<{ action: ChangeAction; count: number }>(db, sql`
    select action, count from ${jobChangeCounts} where job_id = ${jobId} and count > 0
    union all
    select 'inserted', sum(last_id - first_id + 1)::int from ${jobCreatedContacts} where job_id = ${jobId} having count(*) > 0`);
  return rows.map((r) => ({ action: r.action, count: Number(r.count) }));
}

export interface JobDetailsRow {
  uploadId: string | null;
  profileName: string | null;
  divisionName: string;
  requestedByName: string | null;
  onBehalfOfName: string | null;
  revertedByName: string | null;
  sourceName: string | null;
  /** The settings the job runs with, as frozen when it was created. */
  loadType: string | null;
  mergeMode: string | null;
  matchBy: string[];
  /** Create-only and update-only: 'create' and 'update' for a job frozen before they existed. */
  unmatchedRows: string;
  matchedRows: string;
}

/** What the job page and the wizard's Back link show beyond the job's own view: names, not ids. */
export async function findJobDetails(db: AppDatabase, jobId: string): Promise<JobDetailsRow | null> {
  const onBehalf = alias(users, 'on_behalf');
  const revertedBy = alias(users, 'reverted_by');
  const snapshot = sql`${importJobs.profileSnapshot}`;
  const [row] = await db.select({
    uploadId: importJobs.uploadId, profileName: importProfiles.name, divisionName: divisions.name,
    requestedByName: users.name, onBehalfOfName: onBehalf.name, revertedByName: revertedBy.name, sourceName: externalSources.name,
    loadType: sql<string | null>`${snapshot}->>'loadType'`,
    mergeMode: sql<string | null>`${snapshot}->>'mergeMode'`,
    matchBy: sql<string[] | null>`${snapshot}->'matchBy'`,
    unmatchedRows: sql<string>`coalesce(${snapshot}->>'unmatchedRows', 'create')`,
    matchedRows: sql<string>`coalesce(${snapshot}->>'matchedRows', 'update')`,
  })
    .from(importJobs)
    .innerJoin(divisions, eq(divisions.id, importJobs.divisionId))
    .leftJoin(importProfiles, eq(importProfiles.id, importJobs.profileId))
    .leftJoin(users, eq(users.id, importJobs.requestedBy))
    .leftJoin(onBehalf, eq(onBehalf.id, importJobs.onBehalfOf))
    .leftJoin(revertedBy, eq(revertedBy.id, importJobs.revertedBy))
    .leftJoin(externalSources, sql`${externalSources.id}::text = ${snapshot}->>'externalSourceId'`)
    .where(eq(importJobs.id, jobId))
    .limit(1);
  return row ? { ...row, matchBy: Array.isArray(row.matchBy) ? row.matchBy : [] } : null;
}
