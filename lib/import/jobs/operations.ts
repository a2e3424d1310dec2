import { findDivisionById } from '../../../db/queries/admin-roles';
import { recordAudit } from '../../../db/queries/audit';
import { isActiveUser } from '../../../db/queries/wizard';
import { defineOperation, type OperationContext } from '../../actions/operation';
import { DomainError, notFound } from '../../actions/result';
import { requirePermission } from '../../auth/access';
import type { Permission } from '../../auth/permissions';
import { findVisibleUpload } from '../upload/find-upload';
import { findVisibleProfile } from '../../import-profiles/profile-store';
import type { ImportSettings } from '../rows/types';
import { importJobIdSchema, startImportJobSchema } from './schemas';
import {
  CONTACT_WRITE_PERMISSIONS, IMPORT_START_PERMISSIONS, contactPermissionsFor, uploadHeaders,
} from './contact-writes';
import { findVisibleJob, toJobView } from './job-view';
import { visibleJobDivision } from './job-division';
import { revertJob } from './revert/revert';
import { cancelJob, continueJob, createImportJob, retryJob, type ImportJob, type InTransaction } from './lifecycle';

// A job outside what the caller may see is "not found"; one they see but may not edit, 403.

const jobDivision = (purpose: 'read' | 'edit') => visibleJobDivision(purpose, ({ id }: { id: string }) => id);

const auditAs = (ctx: OperationContext, action: string): InTransaction => (tx, job: ImportJob) => recordAudit(tx, {
  actorUserId: ctx.user.id, action, targetType: 'importJob', targetId: job.id,
  details: { status: job.status, step: job.step },
});

const EDIT: Permission = 'externalContacts:importJob:edit';

/**
 * Starts a job from an upload and a saved profile; `origin` says which way in it came. Besides
 * importJob:add it needs, in the division, externalEntity:import and importCsvJob:add, the contact
 * permissions of what the job may do (contactPermissionsFor), and with `autoContinue` importJob:edit,
 * as the Continue button would.
 */
function startJobOperation(name: string, origin: 'wizard' | 'api') {
  return defineOperation({
    name,
    permission: 'externalContacts:importJob:add',
    allOf: IMPORT_START_PERMISSIONS,
    input: startImportJobSchema,
    requires: {
      permissions: [...CONTACT_WRITE_PERMISSIONS, EDIT],
      async needed(input, ctx) {
        const continues: Permission[] = input.autoContinue ? [EDIT] : [];
        const upload = await findVisibleUpload(ctx.db, ctx, input.uploadId);
        const profile = await findVisibleProfile(ctx.db, ctx, input.profileId);
        // Not found: `run` answers 404.
        if (!upload || !profile) return continues;
        return [...continues, ...contactPermissionsFor(profile, upload.headers ?? [])];
      },
    },
    division: ({ divisionId }) => divisionId,
    async run(input, ctx) {
      const upload = await findVisibleUpload(ctx.db, ctx, input.uploadId);
      if (!upload) throw new DomainError('errors.notFound', 404, 'uploadId');
      if (upload.status !== 'ready') throw new DomainError('jobs.errors.uploadNotReady', 409, 'uploadId');
      // A profile the caller may not see (importSettings:view = their own) cannot be used either.
      if (!await findVisibleProfile(ctx.db, ctx, input.profileId)) throw new DomainError('errors.notFound', 404, 'profileId');
      if (!await findDivisionById(ctx.db, input.divisionId)) throw new DomainError('errors.notFound', 404, 'divisionId');
      const onBehalfOf = input.onBehalfOf || null;
      if (onBehalfOf) {
        // As in the wizard: acting for someone else is for those who see every job of the division.
        requirePermission(ctx.access, 'externalContacts:importJob:viewAll', input.divisionId);
        if (!await isActiveUser(ctx.db, onBehalfOf)) throw new DomainError('errors.notFound', 404, 'onBehalfOf');
      }
      const job = await createImportJob(ctx.db, { ...input, onBehalfOf, requestedBy: ctx.user.id, origin }, (tx, created) =>
        recordAudit(tx, {
          actorUserId: ctx.user.id, action: 'importJob.start', targetType: 'importJob', targetId: created.id,
          details: { uploadId: input.uploadId, profileId: input.profileId, divisionId: input.divisionId, onBehalfOf, origin },
        }));
      return toJobView(ctx.db, ctx, job);
    },
  });
}

export const startImportJob = startJobOperation('startImportJob', 'wizard');
/** The same through the REST API (POST /api/v1/jobs): the job shows as an API import. */
export const startApiImportJob = startJobOperation('startApiImportJob', 'api');

/** What a job may still do to contacts: the permissions its settings and file need (see contact-writes.ts). */
async function jobContactPermissions({ id }: { id: string }, ctx: OperationContext): Promise<Permission[]> {
  const job = await findVisibleJob(ctx.db, ctx, id, 'edit');
  if (!job) return [];
  return contactPermissionsFor(job.profileSnapshot as ImportSettings, job.uploadId ? await uploadHeaders(ctx.db, job.uploadId) : []);
}

/**
 * Continue, Cancel and Retry: the same permission, visibility and audit around one transition.
 * Continue and Retry go on importing: they also need the contact permissions of what the job
 * does (contact:delete for one that can delete contacts), as starting it did.
 */
function jobTransition(name: string, transition: typeof continueJob, auditAction: string, imports: boolean) {
  return defineOperation({
    name,
    permission: EDIT,
    input: importJobIdSchema,
    division: jobDivision('edit'),
    ...(imports ? { requires: { permissions: CONTACT_WRITE_PERMISSIONS, needed: jobContactPermissions } } : {}),
    run: async ({ id }, ctx) => toJobView(ctx.db, ctx, await transition(ctx.db, id, auditAs(ctx, auditAction))),
  });
}

export const continueImportJob = jobTransition('continueImportJob', continueJob, 'importJob.continue', true);
export const cancelImportJob = jobTransition('cancelImportJob', cancelJob, 'importJob.cancel', false);
export const retryImportJob = jobTransition('retryImportJob', retryJob, 'importJob.retry', true);

/**
 * What undoing a job does to contacts: it deletes those the job created (contact:delete) and puts
 * back those it updated, merged or deleted (contact:edit).
 */
async function revertContactPermissions({ id }: { id: string }, ctx: OperationContext): Promise<Permission[]> {
  const job = await findVisibleJob(ctx.db, ctx, id, 'edit');
  if (!job) return [];
  return [
    ...(job.updated + job.merged + job.deleted > 0 ? ['externalContacts:contact:edit' as const] : []),
    ...(job.inserted > 0 ? ['externalContacts:contact:delete' as const] : []),
  ];
}

/** Undoes a completed job; contacts changed since are left and reported as conflicts. */
export const revertImportJob = defineOperation({
  name: 'revertImportJob',
  permission: 'externalContacts:importJob:edit',
  input: importJobIdSchema,
  division: jobDivision('edit'),
  requires: { permissions: ['externalContacts:contact:edit', 'externalContacts:contact:delete'], needed: revertContactPermissions },
  async run({ id }, ctx) {
    const { job, summary } = await revertJob(ctx.db, id, ctx.user.id, (tx, reverted) => recordAudit(tx, {
      actorUserId: ctx.user.id, action: 'importJob.revert', targetType: 'importJob', targetId: reverted.id,
      details: { ...reverted.revertSummary },
    }));
    return { job: await toJobView(ctx.db, ctx, job), summary };
  },
});

export const getImportJob = defineOperation({
  name: 'getImportJob',
  permission: ['externalContacts:importJob:view', 'externalContacts:importJob:viewAll'],
  input: importJobIdSchema,
  division: jobDivision('read'),
  async run({ id }, ctx) {
    const job = await findVisibleJob(ctx.db, ctx, id, 'read');
    if (!job) throw notFound();
    return toJobView(ctx.db, ctx, job);
  },
});
