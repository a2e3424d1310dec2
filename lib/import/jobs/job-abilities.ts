import { mayRun, type OperationContext } from '../../actions/operation';
import type { Permission } from '../../auth/permissions';
import { cancelImportJob, continueImportJob, retryImportJob, revertImportJob } from './operations';

/** Whether the caller may do it; when only the permissions this job needs are missing, which (else none: hide the button). */
export interface JobAbility {
  allowed: boolean;
  missing: readonly Permission[];
}

export interface JobAbilities {
  continue: JobAbility;
  retry: JobAbility;
  cancel: JobAbility;
  revert: JobAbility;
}

/**
 * What the caller may do to a job, asked of the operations themselves (`mayRun`): the job pages
 * show a button only when it would be refused for no other reason than the state of the job.
 */
export async function jobAbilities(ctx: OperationContext, jobId: string): Promise<JobAbilities> {
  const input = { id: jobId };
  const [continueJob, retry, cancel, revert] = await Promise.all([
    mayRun(continueImportJob, input, ctx), mayRun(retryImportJob, input, ctx),
    mayRun(cancelImportJob, input, ctx), mayRun(revertImportJob, input, ctx),
  ]);
  return { continue: continueJob, retry, cancel, revert };
}
