import { and, eq, sql } from 'drizzle-orm';
import type { AppDatabase } from '../../../db/client';
import { auditLog, importJobs } from '../../../db/schema';
import type { ImportJob } from '../jobs/lifecycle';
import type { FileRecord } from './file-record';

/**
 * The job of a file in InProcess/: by the id its record holds, else by the token its job's audit
 * row holds (the process stopped between creating the job and writing its id down). Undefined:
 * no job was created for it, or it was deleted since.
 */
export async function findJobOfFile(db: AppDatabase, record: FileRecord): Promise<ImportJob | undefined> {
  let jobId = record.jobId;
  if (!jobId) {
    const [audit] = await db.select({ targetId: auditLog.targetId }).from(auditLog)
      .where(and(eq(auditLog.action, 'importJob.start'), eq(auditLog.targetType, 'importJob'),
        sql`${auditLog.details}->>'dropToken' = ${record.token}`))
      .limit(1);
    jobId = audit?.targetId ?? undefined;
  }
  if (!jobId) return undefined;
  const [job] = await db.select().from(importJobs).where(eq(importJobs.id, jobId));
  return job;
}
