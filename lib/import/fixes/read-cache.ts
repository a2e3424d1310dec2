import { boundedMemo } from '../../cache/bounded-memo';

/**
 * The facets and filtered totals of a job's workbench read its every error (100-450 ms at
 * 100,000 invalid rows), yet change only when its rows do: every fix raises the job's fix
 * version, and the validation and the import move its step, counters and resume point. Kept per process under
 * a key made of those, so the following pages of the same state cost nothing; a few hundred
 * entries at most, the oldest dropped first.
 */
const memo = boundedMemo(300);

export interface JobVersion {
  id: string;
  fixVersion: number;
  status: string;
  step: string | null;
  invalidRows: number;
  excludedRows: number;
  validRows: number;
  /** Moves with each batch of an import, which records the rows the engine refuses as errors. */
  lastCommittedLine: number;
}

const versionKey = (job: JobVersion) =>
  [job.id, job.fixVersion, job.status, job.step, job.invalidRows, job.excludedRows, job.validRows, job.lastCommittedLine].join(':');

/** What `read` gives for this version of the job, read once. A failed read is not kept. */
export function cachedRead<T>(job: JobVersion, what: string, read: () => Promise<T>): Promise<T> {
  return memo(`${versionKey(job)}:${what}`, read);
}
