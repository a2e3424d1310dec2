import { and, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { AppDatabase } from '../client';
import { importJobs, uploads, users, type JobStatus, type JobStep } from '../schema';

/** Which jobs a caller may list: their own in some divisions, everyone's in others. */
export interface JobScope {
  userId: string;
  ownIn: 'all' | string[];
  allIn: 'all' | string[];
}

export interface ImportJobListItem {
  id: string;
  description: string;
  status: JobStatus;
  step: JobStep | null;
  fileName: string | null;
  createdAt: Date;
  requestedByName: string | null;
  rowsInFile: number;
  imported: number;
  notImported: number;
}

function inDivisions(divisionIds: 'all' | string[]): SQL {
  if (divisionIds === 'all') return sql`true`;
  return divisionIds.length ? inArray(importJobs.divisionId, divisionIds) : sql`false`;
}

function visibleJobs(scope: JobScope): SQL | undefined {
  return or(inDivisions(scope.allIn), and(eq(importJobs.requestedBy, scope.userId), inDivisions(scope.ownIn)));
}

/** One page of jobs, newest first, with the uploaded file's name and the requester's name. */
export async function listJobRows(
  db: AppDatabase,
  scope: JobScope,
  { limit, offset }: { limit: number; offset: number },
): Promise<{ rows: ImportJobListItem[]; total: number }> {
  const where = visibleJobs(scope);
  const [rows, [{ total }]] = await Promise.all([
    db.select({
      id: importJobs.id,
      description: importJobs.description,
      status: importJobs.status,
      step: importJobs.step,
      fileName: uploads.fileName,
      createdAt: importJobs.createdAt,
      requestedByName: users.name,
      rowsInFile: importJobs.rowsInFile,
      imported: importJobs.imported,
      notImported: importJobs.notImported,
    })
      .from(importJobs)
      .leftJoin(uploads, eq(uploads.id, importJobs.uploadId))
      .leftJoin(users, eq(users.id, importJobs.requestedBy))
      .where(where)
      .orderBy(desc(importJobs.createdAt), desc(importJobs.id))
      .limit(limit)
      .offset(offset),
    db.select({ total: sql<number>`count(*)::int` }).from(importJobs).where(where),
  ]);
  return { rows, total };
}
