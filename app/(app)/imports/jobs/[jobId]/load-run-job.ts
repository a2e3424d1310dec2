import { notFound } from 'next/navigation';
import { runAsCurrentUser } from '@/lib/actions/bind';
import { canRun } from '@/lib/actions/operation';
import { requireSignedIn } from '@/app/_server/page-guard';
import { getDb } from '@/db';
import { jobAbilities, type JobAbilities } from '@/lib/import/jobs/job-abilities';
import { getImportJob } from '@/lib/import/jobs/operations';
import { getImportJobDetails } from '@/lib/import/jobs/reports/report-operations';
import type { ImportJobView } from '@/lib/import/jobs/job-view';
import type { JobDetailsRow } from '@/db/queries/job-reports';

export type RunJob =
  | { forbidden: true }
  | { forbidden: false; job: ImportJobView; details: JobDetailsRow; can: JobAbilities };

/**
 * A job for the validation, import and job pages: 403 without the permission to see jobs, the
 * 404 page for a job outside what the caller may see (or a malformed id), else the job.
 */
export async function loadRunJob(jobId: string): Promise<RunJob> {
  const current = await requireSignedIn();
  const { access } = current;
  if (!canRun(access, getImportJob)) return { forbidden: true };
  const [job, details] = await Promise.all([
    runAsCurrentUser(getImportJob, { id: jobId }),
    runAsCurrentUser(getImportJobDetails, { jobId }),
  ]);
  if (!job.ok) {
    if (job.status === 400 || job.status === 404) notFound();
    throw new Error(`getImportJob failed: ${job.error.key}`);
  }
  if (!details.ok) throw new Error(`getImportJobDetails failed: ${details.error.key}`);
  // Asked of the operations the buttons call: importJob:edit in the job's division, and the
  // contact permissions this job needs (contact:delete for one that deletes).
  const can = await jobAbilities({ ...current, db: await getDb() }, job.data.id);
  return { forbidden: false, job: job.data, details: details.data, can };
}
