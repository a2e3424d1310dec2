import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../../../db/queries/audit';
import { divisions, importProfiles, uploads } from '../../../db/schema';
import { defineOperation } from '../../actions/operation';
import { DomainError } from '../../actions/result';
import {
  CONTACT_WRITE_PERMISSIONS, IMPORT_START_PERMISSIONS, contactPermissionsFor, uploadHeaders,
} from '../jobs/contact-writes';
import { createImportJob } from '../jobs/lifecycle';
import { startDroppedFileImportSchema } from './schemas';

/**
 * Starts the import of a file dropped in a profile's folder, run as the profile's automation user
 * (who stored the upload through `uploadCsvFile`): that profile's settings, frozen, continuing by
 * itself after validation. Only the profile's automation user may start it, holding what anyone
 * starting this job would need (importJob:edit too, as it continues by itself).
 */
export const startDroppedFileImport = defineOperation({
  name: 'startDroppedFileImport',
  permission: 'externalContacts:importJob:add',
  // As every way of starting a job, and importJob:edit as it continues by itself (docs/permissions.md).
  allOf: [...IMPORT_START_PERMISSIONS, 'externalContacts:importJob:edit'],
  input: startDroppedFileImportSchema,
  requires: {
    permissions: CONTACT_WRITE_PERMISSIONS,
    async needed(input, { db }) {
      const [profile] = await db.select().from(importProfiles).where(eq(importProfiles.id, input.profileId));
      // Not found: `run` answers 404.
      return profile ? contactPermissionsFor(profile, await uploadHeaders(db, input.uploadId)) : [];
    },
  },
  division: ({ divisionId }) => divisionId,
  async run(input, { db, user }) {
    const [upload] = await db.select({ status: uploads.status }).from(uploads)
      .where(and(eq(uploads.id, input.uploadId), eq(uploads.uploadedBy, user.id)));
    if (!upload) throw new DomainError('errors.notFound', 404, 'uploadId');
    if (upload.status !== 'ready') throw new DomainError('jobs.errors.uploadNotReady', 409, 'uploadId');
    const [profile] = await db.select({ id: importProfiles.id }).from(importProfiles)
      .where(and(eq(importProfiles.id, input.profileId), eq(importProfiles.automationUserId, user.id)));
    if (!profile) throw new DomainError('errors.notFound', 404, 'profileId');
    const [division] = await db.select({ id: divisions.id }).from(divisions).where(eq(divisions.id, input.divisionId));
    if (!division) throw new DomainError('errors.notFound', 404, 'divisionId');
    const job = await createImportJob(db, {
      uploadId: input.uploadId, profileId: input.profileId, divisionId: input.divisionId, description: input.fileName,
      requestedBy: user.id, origin: 'folder', autoContinue: true,
    }, (tx, created) => recordAudit(tx, {
      actorUserId: user.id, action: 'importJob.start', targetType: 'importJob', targetId: created.id,
      details: {
        origin: 'folder', uploadId: input.uploadId, profileId: input.profileId, divisionId: input.divisionId,
        dropToken: input.dropToken,
      },
    }));
    return { jobId: job.id };
  },
});
