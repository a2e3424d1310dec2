import { eq } from 'drizzle-orm';
import { databaseUrlOf } from './worker-process';
import { openDatabase, type AppDatabase, type DatabaseHandle } from '@/db/client';
import { externalSources, importJobs, importProfiles, type LoadType } from '@/db/schema';
import type { ImportSteps, StepOptions } from '@/lib/import/jobs/steps/step-contract';
import { importSteps } from '@/lib/import/jobs/steps/steps';
import { storeUpload } from '@/lib/import/upload/store-upload';

export const HEADER = 'External ID,First Name,Last Name,Work Email';

/** A CSV of `rows` contacts (`invalid` of them with a bad e-mail, at the end). */
export function contactsCsv(tag: string, rows: number, invalid = 0): string {
  const lines = [HEADER];
  for (let i = 1; i <= rows; i += 1) {
    const email = i > rows - invalid ? 'not-an-email' : `${tag}-${i}@example.test`;
    lines.push(`${tag}-${i},First ${i},Last ${tag},${email}`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

export async function createReadyUpload(db: AppDatabase, userId: string, csv: string, fileName = 'contacts.csv') {
  async function* body() { yield new TextEncoder().encode(csv); }
  const upload = await storeUpload(db, { fileName, userId, body: body(), maxBytes: 50 * 1024 * 1024 });
  if (upload.status !== 'ready') throw new Error(`upload rejected: ${upload.errorCode}`);
  return upload;
}

export async function createProfile(db: AppDatabase, loadType: LoadType = 'upsert') {
  const tag = Math.random().toString(36).slice(2, 8);
  const [source] = await db.insert(externalSources).values({ name: `CRM ${tag}` }).returning();
  const [profile] = await db.insert(importProfiles).values({
    name: `Profile ${tag}`, externalSourceId: source.id, matchBy: ['externalId'], loadType,
    importFields: ['firstName', 'lastName', 'workEmail'],
    columnMapping: { 'External ID': 'externalId', 'First Name': 'firstName', 'Last Name': 'lastName', 'Work Email': 'workEmail' },
  }).returning();
  return profile;
}

export async function readJob(db: AppDatabase, id: string) {
  const [job] = await db.select().from(importJobs).where(eq(importJobs.id, id));
  return job;
}

/** Polls until the job is in one of the statuses (or at the step), or fails after `timeoutMs`. */
export async function waitForJob(
  db: AppDatabase, id: string, until: (job: typeof importJobs.$inferSelect) => boolean, timeoutMs = 30_000,
) {
  const started = Date.now();
  for (;;) {
    const job = await readJob(db, id);
    if (job && until(job)) return job;
    if (Date.now() - started > timeoutMs) {
      throw new Error(`job ${id} still ${job?.status}/${job?.step} after ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const isEnded = (job: { status: string }) => ['completed', 'failed', 'cancelled'].includes(job.status);

export interface StepCalls {
  validate: Map<string, number>;
  importRows: Map<string, number>;
  /** When each job's validation started (ms since epoch), for pickup latency. */
  validateStartedAt: Map<string, number>;
}

/**
 * The real steps, observed: how often each ran per job, and optionally a hook called with the
 * step's options before its progress goes on (to hold a step mid-import).
 */
export function observedSteps(
  hooks: {
    onImportProgress?: (jobId: string, options: StepOptions) => Promise<void>;
    onValidateProgress?: (jobId: string, options: StepOptions) => Promise<void>;
  } = {},
  real: ImportSteps = importSteps,
): { steps: ImportSteps; calls: StepCalls } {
  const calls: StepCalls = { validate: new Map(), importRows: new Map(), validateStartedAt: new Map() };
  const count = (map: Map<string, number>, id: string) => map.set(id, (map.get(id) ?? 0) + 1);
  return {
    calls,
    steps: {
      validate(db, jobId, options) {
        calls.validateStartedAt.set(jobId, Date.now());
        count(calls.validate, jobId);
        const onProgress = async (done: number, total: number) => {
          await options.onProgress(done, total);
          await hooks.onValidateProgress?.(jobId, options);
        };
        return real.validate(db, jobId, { ...options, onProgress });
      },
      importRows(db, jobId, options) {
        count(calls.importRows, jobId);
        const onProgress = async (done: number, total: number) => {
          await options.onProgress(done, total);
          await hooks.onImportProgress?.(jobId, options);
        };
        return real.importRows(db, jobId, { ...options, onProgress });
      },
      applyFixes: (db, jobId, options) => real.applyFixes(db, jobId, options),
      project: (db, jobId, options) => real.project(db, jobId, options),
    },
  };
}

/** A second pool on the same PostgreSQL database (another worker process, as far as locks go). */
export async function openSecondPool(handle: DatabaseHandle): Promise<DatabaseHandle> {
  return openDatabase({ url: await databaseUrlOf(handle), max: 5 });
}
