import type { AppDatabase } from '../../../db/client';
import { findEmailedJob, findJobEmailUser } from '../../../db/queries/job-emails';
import { config } from '../../config';
import { DEFAULT_LOCALE, isLocale, type Locale } from '../../i18n/config';
import { composeJobEmail, type JobEmailFacts } from '../../notifications/email/compose';
import { describeSendError, sendEmail } from '../../notifications/email/transport';
import { wizardRoutes } from '../wizard/routes';

/** One e-mail about one job that ended, to one recipient (a user, or an address a profile lists). */
export interface JobEmailMessage {
  jobId: string;
  kind: 'importCompleted' | 'importFailed';
  to: { userId: string } | { address: string };
}

/** The job page's absolute address, from the public URL of the app (NEXTAUTH_URL); null without one. */
export function jobPageUrl(jobId: string, baseUrl: string | undefined): string | null {
  if (!baseUrl) return null;
  // Relative to the base (an app served under a path keeps it): no leading slash on the route.
  return new URL(wizardRoutes.job(jobId).replace(/^\//, ''), baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).toString();
}

/**
 * Sends one queued e-mail: reads the job as committed, the recipient's address and language
 * (a user's saved language, else the app's default; a profile's address gets the default), and
 * sends it. A user who turned these e-mails off since is skipped. A failed send is logged without
 * secrets and thrown, for the queue to retry.
 */
export async function sendJobEmail(
  db: AppDatabase, message: JobEmailMessage, { attempt, attempts }: { attempt: number; attempts: number },
): Promise<void> {
  const settings = config();
  if (!settings.SMTP_URL || !settings.SMTP_FROM) return;
  const job = await findEmailedJob(db, message.jobId);
  // The ending this message is about: a job retried since (running, or ended otherwise) has its own.
  if (!job || job.status !== (message.kind === 'importCompleted' ? 'completed' : 'failed')) return;
  let address: string;
  let locale: Locale = DEFAULT_LOCALE;
  if ('userId' in message.to) {
    const user = await findJobEmailUser(db, message.to.userId);
    if (!user?.active || !user.jobEmails) return;
    address = user.email;
    if (isLocale(user.locale)) locale = user.locale;
  } else {
    address = message.to.address;
  }
  const facts: JobEmailFacts = {
    jobId: job.id, title: job.description || job.fileName || '', fileName: job.fileName,
    status: job.status,
    counters: {
      rowsInFile: job.rowsInFile, imported: job.imported, notImported: job.notImported, skipped: job.skipped,
      repeatedRows: job.repeatedRows,
    },
    errorCode: job.status === 'failed' ? job.errorCode : null,
    jobUrl: jobPageUrl(job.id, settings.NEXTAUTH_URL),
    reason: 'userId' in message.to ? { kind: 'requester' } : { kind: 'profile', profileName: job.profileName ?? '' },
  };
  try {
    await sendEmail({ url: settings.SMTP_URL, from: settings.SMTP_FROM }, address, composeJobEmail(facts, locale));
  } catch (error) {
    const next = attempt < attempts ? 'will retry' : 'giving up';
    console.error(`Job e-mail for import job ${job.id} not sent (attempt ${attempt} of ${attempts}, ${next}): ${describeSendError(error, settings.SMTP_URL)}`);
    throw new Error('job e-mail not sent', { cause: error });
  }
}
