import { eq } from 'drizzle-orm';
import type { AppDatabase } from '../client';
import { importJobs } from '../schema';

/** Whether a job (of any state) uses the upload: it then reads the file as the upload describes it. */
export async function isUploadInUse(db: AppDatabase, uploadId: string): Promise<boolean> {
  const [row] = await db.select({ id: importJobs.id }).from(importJobs).where(eq(importJobs.uploadId, uploadId)).limit(1);
  return !!row;
}
