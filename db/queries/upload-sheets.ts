import { and, eq, notExists } from 'drizzle-orm';
import type { AppDatabase } from '../client';
import { importJobs, uploads } from '../schema';

export interface SheetFacts {
  sheetName: string;
  headers: string[];
  rowCount: number;
}

/**
 * Points a ready workbook upload of `uploadedBy` at another of its sheets, only while no job uses
 * the upload (a job reads the sheet named on the upload when it runs). The wizard's draft goes:
 * its mapping named the other sheet's columns. Returns false when nothing was changed.
 */
export async function setUploadSheet(db: AppDatabase, uploadId: string, uploadedBy: string, facts: SheetFacts): Promise<boolean> {
  const updated = await db.update(uploads)
    .set({ sheetName: facts.sheetName, headers: facts.headers, rowCount: facts.rowCount, wizardDraft: null })
    .where(and(
      eq(uploads.id, uploadId), eq(uploads.uploadedBy, uploadedBy), eq(uploads.status, 'ready'), eq(uploads.format, 'xlsx'),
      notExists(db.select({ id: importJobs.id }).from(importJobs).where(eq(importJobs.uploadId, uploadId))),
    ))
    .returning({ id: uploads.id });
  return updated.length > 0;
}

/** Whether a job (of any state) uses the upload. */
export async function isUploadUsedByJob(db: AppDatabase, uploadId: string): Promise<boolean> {
  const [row] = await db.select({ id: importJobs.id }).from(importJobs).where(eq(importJobs.uploadId, uploadId)).limit(1);
  return !!row;
}
