import { findDivisionById } from '../../../db/queries/admin-roles';
import { recordAudit } from '../../../db/queries/audit';
import type { ProfileWrite } from '../../../db/queries/import-profiles';
import { findSourceById } from '../../../db/queries/sources';
import { isActiveUser } from '../../../db/queries/wizard';
import type { NeededPermissions, OperationContext } from '../../actions/operation';
import { DomainError } from '../../actions/result';
import { requireAnyPermission, requirePermission } from '../../auth/access';
import { PROFILE_PERMISSIONS } from '../../import-profiles/permissions';
import type { ImportSettings } from '../rows/types';
import { findVisibleUpload } from '../upload/find-upload';
import { createProfileRecord, findVisibleProfile, updateProfileRecord } from '../../import-profiles/profile-store';
import { CONTACT_WRITE_PERMISSIONS, contactPermissionsFor } from '../jobs/contact-writes';
import { createImportJob } from '../jobs/lifecycle';
import { NEW_PROFILE, type WizardSettingsValues } from './schemas';
import { isKnownTarget, toFileMapping } from './fields';

const fail = (key: string, status: number, field?: string) => new DomainError(key, status, field);
const PROFILE_FIELDS = { name: 'profileName', source: 'externalSourceId' };

/**
 * The contact permissions Next needs in the division, from the load type and the mapping on
 * screen: contact:add and contact:edit to create and update, contact:delete for "Drop and insert",
 * "Delete listed contacts" or a column mapped to Deleted (lib/import/jobs/contact-writes.ts).
 */
export const wizardContactPermissions = {
  permissions: CONTACT_WRITE_PERMISSIONS,
  async needed(input: WizardSettingsValues, ctx: OperationContext): Promise<NeededPermissions> {
    const upload = await findVisibleUpload(ctx.db, ctx, input.uploadId);
    // Not found: checkRequest answers 404.
    if (!upload) return [];
    const headers = upload.headers ?? [];
    return contactPermissionsFor({
      loadType: input.loadType, unmatchedRows: input.unmatchedRows, matchedRows: input.matchedRows, ...toFileMapping(headers, input.fields),
    }, headers);
  },
};

/** Everything that can refuse Next, checked before anything is written. */
async function checkRequest(ctx: OperationContext, input: WizardSettingsValues) {
  const upload = await findVisibleUpload(ctx.db, ctx, input.uploadId);
  if (!upload) throw fail('errors.notFound', 404, 'uploadId');
  if (upload.status !== 'ready') throw fail('jobs.errors.uploadNotReady', 409, 'uploadId');
  if (!await findDivisionById(ctx.db, input.divisionId)) throw fail('errors.notFound', 404, 'divisionId');
  const source = await findSourceById(ctx.db, input.externalSourceId);
  if (!source) throw fail('errors.notFound', 404, 'externalSourceId');
  if (!source.active) throw fail('wizardSettings.errors.sourceInactive', 400, 'externalSourceId');
  if (input.onBehalfOf) {
    // Acting for someone else is for those who see every job of the division.
    requirePermission(ctx.access, 'externalContacts:importJob:viewAll', input.divisionId);
    if (!await isActiveUser(ctx.db, input.onBehalfOf)) throw fail('errors.notFound', 404, 'onBehalfOf');
  }
  const headers = upload.headers ?? [];
  const known = new Set(headers);
  if (input.fields.some((row) => !isKnownTarget(row.field) || (row.column !== '' && !known.has(row.column)))) {
    throw fail('errors.invalidInput', 400, 'fields');
  }
  return headers;
}

/** The profile the job names: created, saved, or as it is (the job then runs with the screen's settings). */
async function settleProfile(ctx: OperationContext, input: WizardSettingsValues, settings: ImportSettings): Promise<string> {
  const write: Omit<ProfileWrite, 'name' | 'columnMapping'> = {
    externalSourceId: settings.externalSourceId, matchBy: settings.matchBy, mergeMode: settings.mergeMode,
    loadType: settings.loadType, importFields: settings.importFields, defaultCountry: settings.defaultCountry,
    emptyCellsClear: settings.emptyCellsClear, defaultDivisionId: input.divisionId,
    unmatchedRows: settings.unmatchedRows, matchedRows: settings.matchedRows,
  };
  if (input.profileId === NEW_PROFILE) {
    requireAnyPermission(ctx.access, PROFILE_PERMISSIONS.add);
    const profile = await createProfileRecord(ctx.db, ctx, {
      ...write, name: input.profileName, columnMapping: settings.columnMapping,
    }, { fields: PROFILE_FIELDS });
    return profile.id;
  }
  const profile = await findVisibleProfile(ctx.db, ctx, input.profileId);
  if (!profile) throw fail('errors.notFound', 404, 'profileId');
  if (input.saveProfile) {
    requireAnyPermission(ctx.access, PROFILE_PERMISSIONS.edit);
    // The mappings remembered for other files' headers stay; this file's replace theirs.
    await updateProfileRecord(ctx.db, ctx, profile.id, {
      ...write, name: profile.name, columnMapping: { ...profile.columnMapping, ...settings.columnMapping },
    }, { fields: PROFILE_FIELDS });
  }
  return profile.id;
}

/**
 * Next on the settings step: checks everything, saves the profile when asked to, then starts the
 * job with the settings on screen (its validation runs at once).
 */
export async function startWizardJob(ctx: OperationContext, input: WizardSettingsValues) {
  const headers = await checkRequest(ctx, input);
  const settings: ImportSettings = {
    externalSourceId: input.externalSourceId, matchBy: input.matchBy, mergeMode: input.mergeMode,
    loadType: input.loadType, defaultCountry: input.defaultCountry, emptyCellsClear: input.emptyCellsClear,
    unmatchedRows: input.unmatchedRows, matchedRows: input.matchedRows,
    ...toFileMapping(headers, input.fields),
  };
  const profileId = await settleProfile(ctx, input, settings);
  return createImportJob(ctx.db, {
    uploadId: input.uploadId, profileId, divisionId: input.divisionId, description: input.description,
    requestedBy: ctx.user.id, onBehalfOf: input.onBehalfOf || null, origin: 'wizard', settings,
  }, (tx, created) => recordAudit(tx, {
    actorUserId: ctx.user.id, action: 'importJob.start', targetType: 'importJob', targetId: created.id,
    details: { uploadId: input.uploadId, profileId, divisionId: input.divisionId, onBehalfOf: input.onBehalfOf || null },
  }));
}
