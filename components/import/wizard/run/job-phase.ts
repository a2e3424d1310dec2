import type { ImportJobView } from '@/lib/import/jobs/job-view';

type JobState = Pick<ImportJobView, 'status' | 'step'>;

/** Which wizard page shows a job: the import page once the import began, the validation page before. */
export function stepPageOf(job: JobState): 'validation' | 'import' {
  return job.step === 'importing' || job.status === 'completed' ? 'import' : 'validation';
}

/** A job whose progress the page follows live: it changes without anyone acting on it. */
export function isValidating(job: JobState): boolean {
  return job.status === 'created' || (job.status === 'running' && job.step === 'validating');
}

export function isImporting(job: JobState): boolean {
  return job.status === 'running' && job.step === 'importing';
}

export function isValidated(job: JobState): boolean {
  return job.status === 'running' && job.step === 'validated';
}

/** Cancelling is possible until the job ends (a running import stops after its current batch). */
export function isCancellable(job: JobState): boolean {
  return job.status === 'created' || job.status === 'running';
}
