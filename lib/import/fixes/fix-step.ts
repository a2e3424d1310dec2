import type { AppDatabase } from '../../../db/client';
import type { FixOutcome, StepOptions } from '../jobs/steps/step-contract';

/** The `fixing` step: the job's queued bulk fixes and undos, in order (to be built: issue 24). */
export async function applyJobFixes(_db: AppDatabase, _jobId: string, _options: StepOptions): Promise<FixOutcome> {
  throw new Error('applyJobFixes: not built yet');
}
