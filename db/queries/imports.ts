import { and, desc, eq, gte, ilike, inArray, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { AppDatabase } from '../client';
import { importJobs, uploads, users, type JobStatus, type JobStep } from '../schema';

/** Which jobs a caller may list: their own in some divisions, everyone's in others. */
export interface JobScope {
  userId: string;
  ownIn: 'all' | string[];
  allIn: 'all' | string[];
}

/** What narrows the list; `createdBefore` is exclusive. */
export interface JobListFilter {
  description?: string;
  status?: JobStatus;
  /** The step the job is at, or stopped at (failed, cancelled); a completed job is past every step. */
  step?: JobStep;
  createdFrom?: Date;
  createdBefore?: Date;
}

export interface ImportJobListItem {
  /** Also the transaction id shown to users. */
  id: string;
  description: string;
  status: JobStatus;
  /** Null once completed: the engine leaves the last step set, which would read as still importing. */
  step: JobStep | null;
  fileName: string | null;
  createdAt: Date;
  requestedByName: string | null;
  /** The user the import ran for: the requester unless someone else was named. */
  onBehalfOfName: string | null;
  /** Which way in: the wizard, the REST API, or the drop folder (an automatic import). */
  origin: 'wizard' | 'api' | 'folder';
  reverted: boolean;
  rowsInFile: number;
  imported: number;
  notImported: number;
  inserted: number;
  updated: number;
  deleted: number;
  unchanged: number;
  /** Valid rows a create-only or update-only profile left alone. */
  skipped: number;
  failed: number;
}

function inDivisions(divisionIds: 'all' | string[]): SQL {
  if (divisionIds === 'all') return sql`true`;
  return divisionIds.length ? inArray(importJobs.divisionId, divisionIds) : sql`false`;
}

function visibleJobs(scope: JobScope): SQL | undefined {
  return or(inDivisions(scope.allIn), and(eq(importJobs.requestedBy, scope.userId), inDivisions(scope.ownIn)));
}

/** `text` as a LIKE pattern matching itself anywhere: its wildcards taken literally. */
function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, '\\$&')}%`;
}

function matchingJobs(filter: JobListFilter): SQL[] {
  return [
    filter.description ? ilike(importJobs.description, containing(filter.description)) : undefined,
    filter.status ? eq(importJobs.status, filter.status) : undefined,
    filter.step ? and(eq(importJobs.step, filter.step), ne(importJobs.status, 'completed')) : undefined,
    filter.createdFrom ? gte(importJobs.createdAt, filter.createdFrom) : undefined,
    filter.createdBefore ? lt(importJobs.createdAt, filter.createdBefore) : undefined,
  ].filter((condition) => condition !== undefined);
}

/** One page of the jobs a caller may see that match the filter, newest first, with file and user names. */
export async function listJobRows(
  db: AppDatabase,
  scope: JobScope,
  filter: JobListFilter,
  { limit, offset }: { limit: number; offset: number },
): Promise<{ rows: ImportJobListItem[]; total: number }> {
  const where = and(visibleJobs(scope), ...matchingJobs(filter));
  const requester = alias(users, 'requester');
  const onBehalfOf = alias(users, 'on_behalf_of');
  const [rows, [{ total }]] = await Promise.all([
    db.select({
      id: importJobs.id,
      description: importJobs.description,
      status: importJobs.status,
      step: sql<JobStep | null>`case when ${importJobs.status} = 'completed' then null else ${importJobs.step} end`,
      fileName: uploads.fileName,
      createdAt: importJobs.createdAt,
      requestedByName: requester.name,
      onBehalfOfName: sql<string | null>`coalesce(${onBehalfOf.name}, ${requester.name})`,
      origin: importJobs.origin,
      reverted: sql<boolean>`${importJobs.revertedAt} is not null`,
      rowsInFile: importJobs.rowsInFile,
      imported: importJobs.imported,
      notImported: importJobs.notImported,
      inserted: importJobs.inserted,
      updated: importJobs.updated,
      deleted: importJobs.deleted,
      unchanged: importJobs.unchanged,
      skipped: importJobs.skipped,
      failed: importJobs.failed,
    })
      .from(importJobs)
      .leftJoin(uploads, eq(uploads.id, importJobs.uploadId))
      .leftJoin(requester, eq(requester.id, importJobs.requestedBy))
      .leftJoin(onBehalfOf, eq(onBehalfOf.id, importJobs.onBehalfOf))
      .where(where)
      .orderBy(desc(importJobs.createdAt), desc(importJobs.id))
      .limit(limit)
      .offset(offset),
    db.select({ total: sql<number>`count(*)::int` }).from(importJobs).where(where),
  ]);
  return { rows, total };
}
