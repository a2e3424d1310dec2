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

/** A bulk fix or an undo being applied (decision 008): the job goes back to validated after it. */
export function isFixing(job: JobState): boolean {
  return job.status === 'running' && job.step === 'fixing';
}

/** The workbench shows: rows can be fixed (validated), or a bulk fix is being applied. */
export function isInWorkbench(job: JobState): boolean {
  return isValidated(job) || isFixing(job);
}

/** Cancelling is possible until the job ends (a running import stops after its current batch). */
export function isCancellable(job: JobState): boolean {
  return job.status === 'created' || job.status === 'running';
}
