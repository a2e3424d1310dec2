import { and, eq, notExists } from 'drizzle-orm';
import type { AppDatabase } from '../client';
import { importJobs, uploads } from '../schema';

export interface UploadReadingFacts {
  encoding: string;
  separator: string;
  hasBom: boolean;
  headers: string[];
  rowCount: number;
}

/**
 * Records a new reading of a ready upload of `uploadedBy` (another encoding), only while no job
 * uses it: a job reads the file in the upload's encoding when it runs. When the header names
 * changed, the wizard's draft goes (its mapping named the old ones). Returns false when nothing
 * was changed.
 */
export async function setUploadReading(
  db: AppDatabase, uploadId: string, uploadedBy: string, facts: UploadReadingFacts, headersChanged: boolean,
): Promise<boolean> {
  const updated = await db.update(uploads)
    .set({ ...facts, ...(headersChanged ? { wizardDraft: null } : {}) })
    .where(and(
      eq(uploads.id, uploadId), eq(uploads.uploadedBy, uploadedBy), eq(uploads.status, 'ready'),
      notExists(db.select({ id: importJobs.id }).from(importJobs).where(eq(importJobs.uploadId, uploadId))),
    ))
    .returning({ id: uploads.id });
  return updated.length > 0;
}
