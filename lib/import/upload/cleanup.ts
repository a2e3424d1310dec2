import { and, eq, lt } from 'drizzle-orm';
import type { AppDatabase } from '../../../db/client';
import { deleteFinishedJobFiles, deleteSignInAttemptsBefore, deleteUnusedUploads } from '../../../db/queries/retention';
import { uploads } from '../../../db/schema';
import { SIGN_IN_WINDOW_MINUTES } from '../../auth/rate-limit-config';
import { config, type AppConfig } from '../../config';

/** How long what the service stores is kept; every value can be set from the environment. */
export interface RetentionConfig {
  /** An upload no job uses is deleted this long after it was made (`UPLOAD_RETENTION_HOURS`). */
  uploadRetentionHours: number;
  /** A file whose jobs all ended has its content deleted this long after (`JOB_FILE_RETENTION_DAYS`). */
  jobFileRetentionDays: number;
  /** A sign-in attempt is deleted once it is older than the window it counts in. */
  signInWindowMinutes: number;
}

export function readRetentionConfig(settings: AppConfig = config()): RetentionConfig {
  return {
    uploadRetentionHours: settings.UPLOAD_RETENTION_HOURS,
    jobFileRetentionDays: settings.JOB_FILE_RETENTION_DAYS,
    signInWindowMinutes: SIGN_IN_WINDOW_MINUTES,
  };
}

export interface CleanupResult {
  uploadsDeleted: number;
  jobFilesDeleted: number;
  signInAttemptsDeleted: number;
}

const UPLOADS_PER_BATCH = 50;
// A file is up to UPLOAD_MAX_BYTES of chunks: a few per transaction.
const FILES_PER_BATCH = 5;
const ATTEMPTS_PER_BATCH = 5000;

/**
 * One retention pass (the worker runs it every hour; tests call it directly): unused uploads past
 * their retention go with their chunks; the content of files whose jobs all ended long enough ago
 * goes, their upload rows and the jobs' counters, error logs and changes stay; sign-in attempts
 * older than their window go. Works in small batches until nothing is left.
 */
export async function runRetentionCleanup(
  db: AppDatabase, config: RetentionConfig = readRetentionConfig(), now: Date = new Date(),
): Promise<CleanupResult> {
  const result: CleanupResult = { uploadsDeleted: 0, jobFilesDeleted: 0, signInAttemptsDeleted: 0 };
  const uploadsBefore = new Date(now.getTime() - config.uploadRetentionHours * 3600_000);
  const filesBefore = new Date(now.getTime() - config.jobFileRetentionDays * 86_400_000);
  const attemptsBefore = new Date(now.getTime() - config.signInWindowMinutes * 60_000);
  for (let batch; (batch = await deleteUnusedUploads(db, uploadsBefore, UPLOADS_PER_BATCH)).length > 0;) {
    result.uploadsDeleted += batch.length;
  }
  for (let batch; (batch = await deleteFinishedJobFiles(db, filesBefore, FILES_PER_BATCH)).length > 0;) {
    result.jobFilesDeleted += batch.length;
  }
  for (let count; (count = await deleteSignInAttemptsBefore(db, attemptsBefore, ATTEMPTS_PER_BATCH)) > 0;) {
    result.signInAttemptsDeleted += count;
  }
  return result;
}

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
