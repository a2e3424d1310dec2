import { eq } from 'drizzle-orm';
import type { AppDatabase } from '../../../db/client';
import { markJobNotificationsRead } from '../../../db/queries/notifications';
import { notifications, uploads, type importJobs } from '../../../db/schema';
import { isJobErrorCode } from './job-errors';
import { queueJobEmails } from './queue/email-queue';

type JobRow = typeof importJobs.$inferSelect;

/**
 * Tells the requester how their import ended; the text is `jobs.notifications.<kind>` with the
 * job's description (its file's name when it has none). A cancelled job tells no one: whoever
 * cancelled it sees it on the job's page. An earlier unread outcome of the same job (a failure
 * before a retry) is marked read, so the unread count holds one per job: its latest outcome.
 * The e-mails (when SMTP is configured) are queued in the same transaction, sent after its commit.
 */
export async function notifyRequester(db: AppDatabase, job: JobRow, kind: 'importCompleted' | 'importFailed') {
  if (!job.requestedBy) return;
  let description = job.description;
  if (!description && job.uploadId) {
    const [upload] = await db.select({ fileName: uploads.fileName }).from(uploads).where(eq(uploads.id, job.uploadId));
    description = upload?.fileName ?? '';
  }
  await markJobNotificationsRead(db, job.requestedBy, job.id);
  // A failure names its code: `context` picks `importFailed_coded`, which adds the code's message
  // (jobs.errors.<code>) in the reader's language; older notifications keep the plain text.
  const params: Record<string, string> = kind === 'importFailed' && isJobErrorCode(job.errorCode)
    ? { description, code: job.errorCode, context: 'coded' } : { description };
  await db.insert(notifications).values({ userId: job.requestedBy, kind, params, jobId: job.id });
  await queueJobEmails(db, job, kind);
}
