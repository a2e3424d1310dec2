import PgBoss from 'pg-boss';
import type { AppDatabase } from '../../../../db/client';
import type { importJobs } from '../../../../db/schema';
import { findJobEmailUser, findProfileNotifyEmails } from '../../../../db/queries/job-emails';
import { config } from '../../../config';
import { drizzleExecutor } from './executors';
import { BOSS_SCHEMA } from './queues';
import { sendJobEmail, type JobEmailMessage } from '../job-email';

// The e-mail sent when a job ends goes through the job queue, as an outbox: its message is queued
// in the transaction that commits the job's final state (so it exists exactly when that state
// does) and sent by a worker after the commit, never inside it. A send that fails is retried with
// backoff by pg-boss; the job's completion neither waits for it nor depends on it. A process that
// dies mid-send leaves the message active: pg-boss expires it and sends it again (at least once).

export const JOB_EMAIL_QUEUE = 'job-email';

/** Five retries, 30 s then doubling (about 15 minutes in all); one send may take about a minute. */
export const JOB_EMAIL_RETRY = { retryLimit: 5, retryDelay: 30, retryBackoff: true } as const;

export function emailQueueOptions(): PgBoss.Queue {
  return { name: JOB_EMAIL_QUEUE, policy: 'standard', ...JOB_EMAIL_RETRY, expireInSeconds: 300 };
}

let producer: PgBoss | undefined;
function getProducer(): PgBoss {
  producer ??= new PgBoss({
    db: { executeSql: () => Promise.reject(new Error('the e-mail producer has no connection of its own')) },
    schema: BOSS_SCHEMA, supervise: false, schedule: false, migrate: false,
  });
  return producer;
}

type JobRow = typeof importJobs.$inferSelect;

/** Who is e-mailed about a job: its requester unless they turned it off; a drop-folder job's profile addresses. */
async function recipientsOf(db: AppDatabase, job: JobRow): Promise<JobEmailMessage['to'][]> {
  const recipients: JobEmailMessage['to'][] = [];
  const seen = new Set<string>();
  if (job.requestedBy) {
    const user = await findJobEmailUser(db, job.requestedBy);
    if (user?.active && user.jobEmails) {
      recipients.push({ userId: user.id });
      seen.add(user.email.toLowerCase());
    }
  }
  if (job.origin === 'folder' && job.profileId) {
    const profile = await findProfileNotifyEmails(db, job.profileId);
    for (const address of profile?.notifyEmails ?? []) {
      if (seen.has(address.toLowerCase())) continue;
      seen.add(address.toLowerCase());
      recipients.push({ address });
    }
  }
  return recipients;
}

/**
 * Queues the e-mails about a job that ended, in the caller's transaction (the one that commits
 * the job's final state). Nothing when SMTP_URL is unset. Runs in a savepoint: should queuing
 * fail (the queue not installed yet), the failure is logged and the job still ends.
 */
export async function queueJobEmails(db: AppDatabase, job: JobRow, kind: JobEmailMessage['kind']): Promise<void> {
  if (!config().SMTP_URL) return;
  try {
    await db.transaction(async (savepoint) => {
      const recipients = await recipientsOf(savepoint, job);
      const ended = job.finishedAt?.toISOString() ?? '';
      for (const to of recipients) {
        const message: JobEmailMessage = { jobId: job.id, kind, to };
        const who = 'userId' in to ? `u:${to.userId}` : `a:${to.address.toLowerCase()}`;
        await getProducer().send(JOB_EMAIL_QUEUE, message, {
          singletonKey: `${job.id}:${kind}:${ended}:${who}`, db: drizzleExecutor(savepoint),
        });
      }
    });
  } catch (error) {
    console.error(`Import job ${job.id}: its e-mails could not be queued (${(error as Error).message}); the job ends all the same`);
  }
}

/** The e-mail handler of a worker: one message at a time; a thrown send is retried by pg-boss. */
export async function workJobEmails(boss: PgBoss, db: AppDatabase, pollingSeconds: number): Promise<string> {
  return boss.work<JobEmailMessage>(JOB_EMAIL_QUEUE, { batchSize: 1, pollingIntervalSeconds: pollingSeconds, includeMetadata: true },
    async ([job]) => {
      await sendJobEmail(db, job.data, { attempt: job.retryCount + 1, attempts: job.retryLimit + 1 });
    });
}
