import { z } from 'zod';
import { MATCH_IDENTIFIERS } from '../import/rows/fields';
import { LOCALES } from '../i18n/config';
import { TEXT_ENCODINGS } from '../import/upload/encoding/encodings';

export const PROFILE_NAME_MAX = 200;
export const MERGE_MODES = ['mergeAll', 'updateFirst'] as const;
export const LOAD_TYPES = ['upsert', 'dropAndInsert', 'deleteListed'] as const;
/** Create-only and update-only imports: what valid rows that match no contact, or one, do. */
export const UNMATCHED_ROW_ACTIONS = ['create', 'skip'] as const;
export const MATCHED_ROW_ACTIONS = ['update', 'skip'] as const;
/** Header and target lengths of a saved mapping: a header is a CSV cell, a target a field key. */
const HEADER_MAX = 1000;
const TARGET_MAX = 300;

/** Addresses a profile may list to be told when one of its drop-folder imports ends. */
export const NOTIFY_EMAILS_MAX = 20;

/** Each a valid address (at most 320 characters), no address twice (whatever its case), at most NOTIFY_EMAILS_MAX. */
export const notifyEmailsSchema = z.array(z.string().trim().max(320, 'errors.invalidEmail').pipe(z.email('errors.invalidEmail')))
  .max(NOTIFY_EMAILS_MAX, 'profilesPage.errors.notifyEmailsTooMany')
  .refine((list) => new Set(list.map((a) => a.toLowerCase())).size === list.length, 'profilesPage.errors.notifyEmailsRepeated');

export const profileNameSchema = z.string().trim()
  .min(1, 'errors.required').max(PROFILE_NAME_MAX, 'errors.tooLong');

/** Ordered: the first identifier that has a value and finds a contact decides the match. */
export const matchBySchema = z.array(z.enum(MATCH_IDENTIFIERS))
  .min(1, 'wizardSettings.errors.matchByRequired')
  .refine((ids) => new Set(ids).size === ids.length, 'errors.invalidInput');

export const defaultCountrySchema = z.string().trim().toUpperCase()
  .regex(/^[A-Z]{2}$/, 'wizardSettings.errors.defaultCountry');

/** The settings a profile saves and a job freezes (lib/import/rows/types.ts ImportSettings). */
export const profileSettingsShape = {
  externalSourceId: z.uuid('errors.required'),
  matchBy: matchBySchema,
  mergeMode: z.enum(MERGE_MODES, 'errors.required'),
  loadType: z.enum(LOAD_TYPES, 'errors.required'),
  defaultCountry: defaultCountrySchema,
  emptyCellsClear: z.boolean(),
  unmatchedRows: z.enum(UNMATCHED_ROW_ACTIONS, 'errors.required').default('create'),
  matchedRows: z.enum(MATCHED_ROW_ACTIONS, 'errors.required').default('update'),
};

interface RowActions {
  loadType: (typeof LOAD_TYPES)[number];
  unmatchedRows: (typeof UNMATCHED_ROW_ACTIONS)[number];
  matchedRows: (typeof MATCHED_ROW_ACTIONS)[number];
}

/**
 * Row actions are for "Insert, update, delete" only: a drop and insert replaces the source's
 * contacts (skipping rows would leave it emptied), and a file of contacts to delete neither
 * creates nor updates. Skipping both kinds of row would import nothing. See docs/engine.md.
 */
export function checkRowActions(value: RowActions, ctx: z.RefinementCtx): void {
  const skips = [
    ...(value.unmatchedRows === 'skip' ? ['unmatchedRows'] : []),
    ...(value.matchedRows === 'skip' ? ['matchedRows'] : []),
  ];
  if (skips.length > 0 && value.loadType !== 'upsert') {
    ctx.addIssue({ code: 'custom', path: [skips[0]], message: 'wizardSettings.errors.rowActionsLoadType' });
  } else if (skips.length === 2) {
    ctx.addIssue({ code: 'custom', path: ['matchedRows'], message: 'wizardSettings.errors.rowActionsSkipBoth' });
  }
}

export const importProfileSchema = z.object({
  name: profileNameSchema,
  ...profileSettingsShape,
  importFields: z.array(z.string().min(1).max(TARGET_MAX)).max(500).default([]),
  columnMapping: z.record(z.string().max(HEADER_MAX), z.string().max(TARGET_MAX)).default({}),
  defaultCountry: defaultCountrySchema.default('US'),
  emptyCellsClear: z.boolean().default(false),
  defaultDivisionId: z.uuid().nullable().default(null),
  /**
   * Whose rights the profile's folder imports run with. Left out: nobody on create, unchanged on
   * update. Who may name whom: lib/import-profiles/automation-user.ts.
   */
  automationUserId: z.uuid('errors.invalidInput').nullable().optional(),
  /** The text encoding the drop folder reads the profile's files in; null: detected per file. Left out: null on create, unchanged on update. */
  encoding: z.enum(TEXT_ENCODINGS, 'errors.invalidInput').nullable().optional(),
  /** Told by e-mail when a drop-folder import of the profile ends. Left out: none on create, unchanged on update. */
  notifyEmails: notifyEmailsSchema.optional(),
});
/** Creating a profile (its form and the API): the settings checked together too. */
export const createImportProfileSchema = importProfileSchema.superRefine(checkRowActions);
export type ImportProfileInput = z.input<typeof importProfileSchema>;
export type ImportProfileValues = z.output<typeof importProfileSchema>;

/**
 * Editing a profile (its page and the API). Without `columnMapping` the remembered mappings stay as
 * they are (the edit form does not show them); without `importFields` the fields do too. Sent, the
 * imported fields may not be empty: an empty list means "every field" to the engine.
 */
export const updateImportProfileSchema = importProfileSchema.extend({
  id: z.uuid(),
  importFields: z.array(z.string().min(1).max(TARGET_MAX)).max(500).optional(),
  columnMapping: z.record(z.string().max(HEADER_MAX), z.string().max(TARGET_MAX)).optional(),
}).superRefine((value, ctx) => {
  if (value.importFields?.length === 0 && value.loadType !== 'deleteListed') {
    ctx.addIssue({ code: 'custom', path: ['importFields'], message: 'wizardSettings.errors.noFieldIncluded' });
  }
  checkRowActions(value, ctx);
});
export type UpdateImportProfileInput = z.input<typeof updateImportProfileSchema>;
export type UpdateImportProfileValues = z.output<typeof updateImportProfileSchema>;

export const importProfileIdSchema = z.object({ id: z.uuid() });

/** The copy's name is written in the caller's language ("(copy)", "(copie)"). */
export const duplicateImportProfileSchema = importProfileIdSchema.extend({ locale: z.enum(LOCALES).optional() });
