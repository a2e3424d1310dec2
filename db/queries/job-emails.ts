import { and, eq, ne } from 'drizzle-orm';
import type { AppDatabase } from '../client';
import { importJobs, importProfiles, uploads, users } from '../schema';

export interface JobEmailUser {
  id: string;
  email: string;
  locale: string | null;
  jobEmails: boolean;
  active: boolean;
}

/** A user as an e-mail about a job needs them: address, language, whether they want it. */
export async function findJobEmailUser(db: AppDatabase, userId: string): Promise<JobEmailUser | null> {
  const [row] = await db.select({
    id: users.id, email: users.email, locale: users.locale, jobEmails: users.jobEmails, active: users.active,
  }).from(users).where(eq(users.id, userId)).limit(1);
  return row ?? null;
}

/** The addresses a profile lists for its drop-folder imports, and its name. */
export async function findProfileNotifyEmails(
  db: AppDatabase, profileId: string,
): Promise<{ name: string; notifyEmails: string[] } | null> {
  const [row] = await db.select({ name: importProfiles.name, notifyEmails: importProfiles.notifyEmails })
    .from(importProfiles).where(eq(importProfiles.id, profileId)).limit(1);
  return row ?? null;
}

export type EmailedJob = typeof importJobs.$inferSelect & { fileName: string | null; profileName: string | null };

/** A job with its file's and profile's names, as its e-mail shows them. */
export async function findEmailedJob(db: AppDatabase, jobId: string): Promise<EmailedJob | null> {
  const [row] = await db.select({ job: importJobs, fileName: uploads.fileName, profileName: importProfiles.name })
    .from(importJobs)
    .leftJoin(uploads, eq(uploads.id, importJobs.uploadId))
    .leftJoin(importProfiles, eq(importProfiles.id, importJobs.profileId))
    .where(eq(importJobs.id, jobId))
    .limit(1);
  return row ? { ...row.job, fileName: row.fileName, profileName: row.profileName } : null;
}

/** Whether the user is e-mailed when their imports end (users.job_emails). */
export async function readJobEmailsSetting(db: AppDatabase, userId: string): Promise<boolean> {
  const [row] = await db.select({ jobEmails: users.jobEmails }).from(users).where(eq(users.id, userId)).limit(1);
  return row?.jobEmails ?? false;
}

/** Turns the user's job e-mails on or off; true when that changed something. */
export async function writeJobEmailsSetting(db: AppDatabase, userId: string, enabled: boolean): Promise<boolean> {
  const changed = await db.update(users).set({ jobEmails: enabled, updatedAt: new Date() })
    .where(and(eq(users.id, userId), ne(users.jobEmails, enabled)))
    .returning({ id: users.id });
  return changed.length > 0;
}
