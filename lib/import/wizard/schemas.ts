import { z } from 'zod';
import { CONTACT_FIELD_KEYS } from '../rows/fields';
import { JOB_DESCRIPTION_MAX } from '../jobs/schemas';
import {
  checkRowActions, LOAD_TYPES, MATCHED_ROW_ACTIONS, MERGE_MODES, PROFILE_NAME_MAX, profileSettingsShape, UNMATCHED_ROW_ACTIONS,
} from '../../import-profiles/schemas';

/** The value of "Create new import setting" in the profile select. */
export const NEW_PROFILE = 'new';
/** Target fields are field keys or `custom:<name>`; columns are CSV headers. */
const FIELD_MAX = 300;
const COLUMN_MAX = 1000;
const FIELD_ROWS_MAX = 1000;

/** One row of "Import fields": a target field, the CSV column read for it ('' = not in file), included or not. */
export const fieldRowSchema = z.object({
  field: z.string().min(1).max(FIELD_MAX),
  column: z.string().max(COLUMN_MAX),
  include: z.boolean(),
});
export type FieldRow = z.infer<typeof fieldRowSchema>;

const contactFieldKeys = new Set<string>(CONTACT_FIELD_KEYS);

/**
 * The settings step's form, checked by zodResolver in the browser and again by the server
 * action (lib/import/wizard/operations.ts startWizardImport).
 */
export const wizardSettingsSchema = z.object({
  uploadId: z.uuid(),
  profileId: z.union([z.literal(NEW_PROFILE), z.uuid('errors.required')], 'errors.required'),
  profileName: z.string().trim().max(PROFILE_NAME_MAX, 'errors.tooLong'),
  /** Write the settings on screen into the chosen (existing) profile. */
  saveProfile: z.boolean(),
  ...profileSettingsShape,
  /** Drop and insert deletes contacts first: the user must say they mean it. */
  confirmDrop: z.boolean(),
  divisionId: z.uuid('errors.required'),
  description: z.string().trim().max(JOB_DESCRIPTION_MAX, 'errors.tooLong'),
  onBehalfOf: z.union([z.literal(''), z.uuid('errors.invalidInput')]),
  fields: z.array(fieldRowSchema).max(FIELD_ROWS_MAX),
}).superRefine((value, ctx) => {
  if (value.profileId === NEW_PROFILE && value.profileName === '') {
    ctx.addIssue({ code: 'custom', path: ['profileName'], message: 'errors.required' });
  }
  checkRowActions(value, ctx);
  if (value.loadType === 'dropAndInsert' && !value.confirmDrop) {
    ctx.addIssue({ code: 'custom', path: ['confirmDrop'], message: 'wizardSettings.errors.confirmDrop' });
  }
  const columns = value.fields.map((row) => row.column).filter((column) => column !== '');
  if (new Set(columns).size !== columns.length) {
    ctx.addIssue({ code: 'custom', path: ['fields'], message: 'wizardSettings.errors.columnTwice' });
  }
  // An empty list of imported fields would mean "every field" to the engine: refuse it instead.
  if (value.loadType !== 'deleteListed' && !value.fields.some((row) => row.include && contactFieldKeys.has(row.field))) {
    ctx.addIssue({ code: 'custom', path: ['fields'], message: 'wizardSettings.errors.noFieldIncluded' });
  }
});
export type WizardSettingsInput = z.input<typeof wizardSettingsSchema>;
export type WizardSettingsValues = z.output<typeof wizardSettingsSchema>;

/**
 * A draft is the form as it was, unfinished: each part is kept when it has the right shape and
 * dropped otherwise (the page falls back to its default for it), never refused as a whole.
 */
export const wizardDraftSchema = z.object({
  profileId: z.string().max(40).optional().catch(undefined),
  profileName: z.string().max(PROFILE_NAME_MAX).optional().catch(undefined),
  saveProfile: z.boolean().optional().catch(undefined),
  externalSourceId: z.string().max(40).optional().catch(undefined),
  matchBy: z.array(z.string().max(40)).max(20).optional().catch(undefined),
  mergeMode: z.enum(MERGE_MODES).optional().catch(undefined),
  loadType: z.enum(LOAD_TYPES).optional().catch(undefined),
  confirmDrop: z.boolean().optional().catch(undefined),
  divisionId: z.string().max(40).optional().catch(undefined),
  description: z.string().max(JOB_DESCRIPTION_MAX * 2).optional().catch(undefined),
  onBehalfOf: z.string().max(40).optional().catch(undefined),
  defaultCountry: z.string().max(10).optional().catch(undefined),
  emptyCellsClear: z.boolean().optional().catch(undefined),
  unmatchedRows: z.enum(UNMATCHED_ROW_ACTIONS).optional().catch(undefined),
  matchedRows: z.enum(MATCHED_ROW_ACTIONS).optional().catch(undefined),
  fields: z.array(fieldRowSchema).max(FIELD_ROWS_MAX).optional().catch(undefined),
});
export type WizardDraft = z.output<typeof wizardDraftSchema>;

export const saveWizardDraftSchema = z.object({ uploadId: z.uuid(), draft: wizardDraftSchema });
export const wizardUploadSchema = z.object({ uploadId: z.uuid() });

/** What the preview needs: the mapping and the settings that change how cells read. */
export const wizardPreviewSchema = z.object({
  uploadId: z.uuid(),
  matchBy: z.array(z.string().max(40)).max(20).default([]),
  loadType: z.enum(LOAD_TYPES).catch('upsert'),
  defaultCountry: z.string().max(10).catch('US'),
  fields: z.array(fieldRowSchema).max(FIELD_ROWS_MAX),
});
export type WizardPreviewInput = z.input<typeof wizardPreviewSchema>;

export const wizardDropCountSchema = z.object({ externalSourceId: z.uuid(), divisionId: z.uuid() });
