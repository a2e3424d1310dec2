import { eq, sql } from 'drizzle-orm';
import { queryRows, type AppDatabase } from '@/db/client';
import { importJobs } from '@/db/schema';
import { storeUpload } from '@/lib/import/upload/store-upload';
import { suggestMapping } from '@/lib/import/rows/mapping';
import { importSteps } from '@/lib/import/jobs/steps/steps';
import type { ImportSettings } from '@/lib/import/rows/types';

export interface PipelineInput {
  csv: string | Uint8Array;
  divisionId: string;
  userId: string;
  sourceId: string;
  settings?: Partial<ImportSettings>;
}

const noProgress = { signal: new AbortController().signal, onProgress: () => {} };

/** Profile settings as the wizard would suggest them for these headers: every mapped column imported. */
export function settingsFor(headers: string[], sourceId: string, overrides: Partial<ImportSettings> = {}): ImportSettings {
  const suggested = suggestMapping(headers);
  const columnMapping = Object.fromEntries(Object.entries(suggested).filter(([, target]) => target !== null)) as Record<string, string>;
  return {
    externalSourceId: sourceId, matchBy: ['externalId', 'workEmail', 'workPhone'], mergeMode: 'updateFirst',
    loadType: 'upsert', importFields: [...new Set(Object.values(columnMapping))], columnMapping,
    defaultCountry: 'US', emptyCellsClear: false, ...overrides,
  };
}

/** Upload, validate and import a CSV with the real steps, as one job; returns the job's counters. */
/** The CSV stored as an upload and, when it is readable, a job in step validating on it. */
async function uploadAndJob(db: AppDatabase, input: PipelineInput) {
  const bytes = typeof input.csv === 'string' ? new TextEncoder().encode(input.csv) : input.csv;
  const upload = await storeUpload(db, {
    fileName: 'contacts.csv', userId: input.userId, body: (async function* () { yield bytes; })(), maxBytes: 1 << 30,
  });
  if (upload.status !== 'ready') return { upload, job: null };
  const settings = settingsFor(upload.headers ?? [], input.sourceId, input.settings);
  const [job] = await db.insert(importJobs).values({
    uploadId: upload.id, profileSnapshot: settings, divisionId: input.divisionId, requestedBy: input.userId,
    status: 'running', step: 'validating',
  }).returning();
  return { upload, job };
}

export async function importCsv(db: AppDatabase, input: PipelineInput) {
  const { upload, job } = await uploadAndJob(db, input);
  if (!job) return { upload, job: null, errors: [] as { line: number; code: string; column: string | null }[] };
  const validation = await importSteps.validate(db, job.id, noProgress);
  const imported = await importSteps.importRows(db, job.id, noProgress);
  const importedRows = imported.inserted + imported.updated + imported.unchanged + imported.deleted;
  await db.update(importJobs).set({
    ...validation, ...imported, imported: importedRows, notImported: validation.invalidRows, failed: validation.invalidRows,
    status: 'completed', step: null,
  }).where(eq(importJobs.id, job.id));
  const [final] = await db.select().from(importJobs).where(eq(importJobs.id, job.id));
  const errors = await queryRows<{ line: number; code: string; column: string | null }>(db,
    sql`select line, code, "column" from job_row_errors where job_id = ${job.id} and severity = 'error' order by line, id`);
  return { upload, job: final, errors };
}

/** Upload and validate a CSV as one job, left validated as the validating step leaves it (no queue). */
export async function validatedJob(db: AppDatabase, input: PipelineInput): Promise<string> {
  const { upload, job } = await uploadAndJob(db, input);
  if (!job) throw new Error(`upload not ready: ${upload.status}`);
  const validation = await importSteps.validate(db, job.id, noProgress);
  await db.update(importJobs).set({ ...validation, step: 'validated' }).where(eq(importJobs.id, job.id));
  return job.id;
}

/** The dry run of a validated job (the projecting step), as a worker runs it. */
export async function projectValidated(db: AppDatabase, jobId: string): Promise<void> {
  await importSteps.project(db, jobId, noProgress);
}

/** Continue: the import step of a validated job; its outcome and the job's dropped contacts. */
export async function importValidated(db: AppDatabase, jobId: string) {
  await db.update(importJobs).set({ step: 'importing' }).where(eq(importJobs.id, jobId));
  const outcome = await importSteps.importRows(db, jobId, noProgress);
  await db.update(importJobs).set({ ...outcome, status: 'completed', step: null }).where(eq(importJobs.id, jobId));
  const [job] = await db.select().from(importJobs).where(eq(importJobs.id, jobId));
  return { ...outcome, dropped: job.dropped };
}
