import { and, eq, lt } from 'drizzle-orm';
import type { AppDatabase } from '../../../db/client';
import { uploads } from '../../../db/schema';

/**
 * Removes uploads still 'receiving' since before `olderThan`: what a process that stopped in
 * the middle of an upload left behind (their chunks go with them). Returns how many.
 */
export async function deleteAbandonedUploads(db: AppDatabase, olderThan: Date): Promise<number> {
  const deleted = await db.delete(uploads)
    .where(and(eq(uploads.status, 'receiving'), lt(uploads.createdAt, olderThan)))
    .returning({ id: uploads.id });
  return deleted.length;
}
