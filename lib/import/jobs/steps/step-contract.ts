import type { AppDatabase } from '../../../../db/client';

/** Progress reported by a step as it goes (rows done of rows in total). */
export type ProgressCallback = (done: number, total: number) => Promise<void> | void;

export interface StepOptions {
  /** Aborted when the job is cancelled or the worker shuts down: the step stops between batches. */
  signal: AbortSignal;
  onProgress: ProgressCallback;
}

export interface ValidationOutcome {
  rowsInFile: number;
  validRows: number;
  invalidRows: number;
  /** Valid rows whose identifier an earlier row of the file has already (a warning each). */
  repeatedRows: number;
}

export interface ImportOutcome {
  inserted: number;
  updated: number;
  merged: number;
  deleted: number;
  unchanged: number;
  /** Valid rows a create-only or update-only profile left alone. */
  skipped: number;
  failed: number;
}

/** What a `fixing` step did: the bulk fixes (and undos) it applied, and the rows they changed. */
export interface FixOutcome {
  operations: number;
  changedRows: number;
}

/**
 * The units of work of an import job. Both are idempotent: run again after a crash, the
 * validation starts over cleanly and the import resumes after its last committed batch, without
 * counting anything twice. Neither changes the job's status or step: the runner does.
 */
export interface ImportSteps {
  validate(db: AppDatabase, jobId: string, options: StepOptions): Promise<ValidationOutcome>;
  importRows(db: AppDatabase, jobId: string, options: StepOptions): Promise<ImportOutcome>;
  /** Applies the job's queued bulk fixes and undos, in order, each resuming after its last committed batch. */
  applyFixes(db: AppDatabase, jobId: string, options: StepOptions): Promise<FixOutcome>;
  /**
   * The dry run of the import at the job's current fix version: stores its counters and samples in
   * job_projections (nothing else is written). Starts over when run again.
   */
  project(db: AppDatabase, jobId: string, options: StepOptions): Promise<void>;
}
