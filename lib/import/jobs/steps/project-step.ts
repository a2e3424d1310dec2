import type { AppDatabase } from '../../../../db/client';
import type { StepOptions } from './step-contract';

/** The `projecting` step: the import's dry run (to be built: issue 24). */
export async function projectJob(_db: AppDatabase, _jobId: string, _options: StepOptions): Promise<void> {
  throw new Error('projectJob: not built yet');
}
