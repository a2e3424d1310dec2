import { listProfileDetails } from '../../../db/queries/import-profiles';
import { countSourceContactsByDivision } from '../../../db/queries/source-contacts';
import { findSourceById } from '../../../db/queries/sources';
import {
  listActiveSourceOptions, listActiveUserOptions, listDivisionOptions, saveUploadDraft,
} from '../../../db/queries/wizard';
import { defineOperation, type OperationContext } from '../../actions/operation';
import { DomainError, notFound } from '../../actions/result';
import { divisionsWith, hasAnyPermission, hasPermission } from '../../auth/access';
import { PROFILE_PERMISSIONS } from '../../import-profiles/permissions';
import { findOwnUploadOrRefuse, findVisibleUpload } from '../upload/find-upload';
import { previewUpload } from '../upload/read-upload';
import { profileScopeOf } from '../../import-profiles/profile-store';
import { IMPORT_START_PERMISSIONS } from '../jobs/contact-writes';
import { toJobView } from '../jobs/job-view';
import {
  NEW_PROFILE, saveWizardDraftSchema, wizardDraftSchema, wizardDropCountSchema, wizardPreviewSchema,
  wizardSettingsSchema, wizardUploadSchema,
} from './schemas';
import { toImportSettings } from './fields';
import { initialWizardValues, valuesFromProfile, type WizardProfile } from './initial';
import { buildPreview } from './preview';
import { startWizardJob, wizardContactPermissions } from './start';

// The "Import profile and settings" step of the wizard. Every call needs importJob:add (in the
// chosen division when one is named) and an upload the caller may see: their own, or one a job
// they may see used (lib/import/upload/find-upload.ts). Only the uploader writes its draft.

const ADD = 'externalContacts:importJob:add';
const VIEW_ALL = 'externalContacts:importJob:viewAll';
export const PREVIEW_ROWS = 10;

async function requireReadyUpload(ctx: OperationContext, uploadId: string) {
  const upload = await findVisibleUpload(ctx.db, ctx, uploadId);
  if (!upload) throw new DomainError('errors.notFound', 404, 'uploadId');
  if (upload.status !== 'ready') throw new DomainError('jobs.errors.uploadNotReady', 409, 'uploadId');
  return { ...upload, headers: upload.headers ?? [] };
}

async function firstRows(ctx: OperationContext, uploadId: string): Promise<string[][]> {
  const preview = await previewUpload(ctx.db, uploadId, PREVIEW_ROWS);
  if (!preview) throw notFound();
  return preview.rows;
}

const countryOr = (value: string, fallback = 'US') => (/^[A-Z]{2}$/i.test(value.trim()) ? value.trim().toUpperCase() : fallback);

const toWizardProfile = (p: WizardProfile): WizardProfile => ({
  id: p.id, name: p.name, externalSourceId: p.externalSourceId, matchBy: p.matchBy, mergeMode: p.mergeMode,
  loadType: p.loadType, importFields: p.importFields, columnMapping: p.columnMapping, defaultCountry: p.defaultCountry,
  emptyCellsClear: p.emptyCellsClear, defaultDivisionId: p.defaultDivisionId,
  unmatchedRows: p.unmatchedRows, matchedRows: p.matchedRows,
});

/** Everything the page shows: the file, the choices offered, the form as it opens, and its preview. */
export const loadWizardSettings = defineOperation({
  name: 'loadWizardSettings',
  permission: ADD,
  input: wizardUploadSchema,
  async run({ uploadId }, ctx) {
    const upload = await requireReadyUpload(ctx, uploadId);
    const rows = await firstRows(ctx, upload.id);
    const canActOnBehalf = hasPermission(ctx.access, VIEW_ALL);
    const profiles = (await listProfileDetails(ctx.db, profileScopeOf(ctx))).map(toWizardProfile);
    const sources = await listActiveSourceOptions(ctx.db);
    const divisionOptions = await listDivisionOptions(ctx.db, divisionsWith(ctx.access, ADD));
    const users = canActOnBehalf ? await listActiveUserOptions(ctx.db) : [];
    // The draft is the uploader's: anyone else who may see the file starts from a fresh form.
    const ownDraft = upload.uploadedBy === ctx.user.id ? upload.wizardDraft : null;
    const draft = ownDraft ? wizardDraftSchema.safeParse(ownDraft) : null;
    const divisionIds = divisionOptions.map((d) => d.id);
    const canAddProfile = hasAnyPermission(ctx.access, PROFILE_PERMISSIONS.add);
    let values = initialWizardValues({
      uploadId: upload.id, headers: upload.headers, profiles, sourceIds: sources.map((s) => s.id),
      divisionIds, userIds: users.map((u) => u.id),
    }, draft?.success ? draft.data : null);
    // Without importSettings:add (or importCsvSettings:add) there is no "Create new import setting": start from a saved profile.
    if (!canAddProfile && values.profileId === NEW_PROFILE && profiles[0]) {
      values = valuesFromProfile(values, profiles[0], upload.headers, divisionIds);
    }
    const settings = toImportSettings(upload.headers, values.fields, {
      externalSourceId: values.externalSourceId, matchBy: values.matchBy, mergeMode: values.mergeMode,
      loadType: values.loadType, defaultCountry: countryOr(values.defaultCountry), emptyCellsClear: values.emptyCellsClear,
    });
    return {
      upload: { id: upload.id, fileName: upload.fileName, rowCount: upload.rowCount ?? 0, headers: upload.headers },
      profiles, sources, divisions: divisionOptions.map(({ id, name }) => ({ id, name })), users,
      can: {
        addProfile: canAddProfile,
        editProfile: hasAnyPermission(ctx.access, PROFILE_PERMISSIONS.edit),
        actOnBehalf: canActOnBehalf,
      },
      values,
      preview: buildPreview(settings, upload.headers, rows),
    };
  },
});

/** The first rows as they will be imported under the mapping and settings on screen. */
export const previewWizardSettings = defineOperation({
  name: 'previewWizardSettings',
  permission: ADD,
  input: wizardPreviewSchema,
  async run(input, ctx) {
    const upload = await requireReadyUpload(ctx, input.uploadId);
    const rows = await firstRows(ctx, upload.id);
    const settings = toImportSettings(upload.headers, input.fields, {
      externalSourceId: '', matchBy: [], mergeMode: 'updateFirst', loadType: input.loadType,
      defaultCountry: countryOr(input.defaultCountry), emptyCellsClear: false,
    });
    return buildPreview(settings, upload.headers, rows);
  },
});

/**
 * Keeps the unfinished form with the upload, so reload, Back and a shared link find it again.
 * Not audited: it is saved on every pause in typing and changes nothing but the form. The draft
 * is the uploader's: anyone else who may see the upload is refused (403), anyone who may not, 404.
 */
export const saveWizardDraft = defineOperation({
  name: 'saveWizardDraft',
  permission: ADD,
  input: saveWizardDraftSchema,
  async run({ uploadId, draft }, ctx) {
    const upload = await findOwnUploadOrRefuse(ctx.db, ctx, uploadId);
    await saveUploadDraft(ctx.db, upload.id, draft, ctx.user.id);
    return { saved: true };
  },
});

/** For "Drop and insert": how many live contacts of the source the job would delete in the division. */
export const countWizardDropContacts = defineOperation({
  name: 'countWizardDropContacts',
  permission: ADD,
  input: wizardDropCountSchema,
  division: ({ divisionId }) => divisionId,
  async run({ externalSourceId, divisionId }, { db }) {
    if (!await findSourceById(db, externalSourceId)) throw notFound();
    const [row] = await countSourceContactsByDivision(db, externalSourceId, [divisionId]);
    if (!row) throw notFound();
    return { count: row.count };
  },
});

/**
 * Next: the form checked again with the schema the browser used, the profile created or saved
 * when asked (importSettings:add / importSettings:edit), then the job started in the division.
 */
export const startWizardImport = defineOperation({
  name: 'startWizardImport',
  permission: ADD,
  // As every way of starting a job: lib/import/jobs/operations.ts, docs/permissions.md.
  allOf: IMPORT_START_PERMISSIONS,
  input: wizardSettingsSchema,
  requires: wizardContactPermissions,
  division: ({ divisionId }) => divisionId,
  async run(input, ctx) {
    const job = await startWizardJob(ctx, input);
    return toJobView(ctx.db, ctx, job);
  },
});

/** What the settings page hands to its form (plain data: it crosses to the browser). */
export type WizardSettingsData = Awaited<ReturnType<(typeof loadWizardSettings)['run']>>;
