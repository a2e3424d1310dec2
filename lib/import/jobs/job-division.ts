import type { OperationContext } from '../../actions/operation';
import { notFound } from '../../actions/result';
import { ANY_DIVISION, hasAnyPermission, type DivisionScope } from '../../auth/access';
import type { Permission } from '../../auth/permissions';
import { findVisibleJob } from './job-view';

/** Reading a job (its page, rows, fixes, projection) needs one of these; changing it, importJob:edit. */
export const JOB_READ_PERMISSIONS: Permission[] = ['externalContacts:importJob:view', 'externalContacts:importJob:viewAll'];
export const JOB_EDIT_PERMISSION: Permission = 'externalContacts:importJob:edit';

/**
 * An operation's `division`: the division of the job named by the input, for the permission
 * check there. A job outside what the caller may see is "not found"; one they see but may not
 * edit, 403 (the check that follows). Without the permission anywhere, 403 before any lookup.
 */
export function visibleJobDivision<I>(purpose: 'read' | 'edit', jobIdOf: (input: I) => string) {
  const permissions = purpose === 'edit' ? [JOB_EDIT_PERMISSION] : JOB_READ_PERMISSIONS;
  return async (input: I, ctx: OperationContext): Promise<DivisionScope> => {
    if (!hasAnyPermission(ctx.access, permissions)) return ANY_DIVISION;
    const job = await findVisibleJob(ctx.db, ctx, jobIdOf(input), purpose);
    if (!job) throw notFound();
    return job.divisionId;
  };
}
