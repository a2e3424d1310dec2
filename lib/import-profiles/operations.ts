import { z } from 'zod';
import { hasPermission } from '../auth/access';
import { findProfileDetails, listProfileRows } from '../../db/queries/import-profiles';
import { listActiveSourceOptions, listActiveUserOptions, listDivisionOptions } from '../../db/queries/wizard';
import { defineOperation } from '../actions/operation';
import { notFound } from '../actions/result';
import { DEFAULT_LOCALE, isLocale } from '../i18n/config';
import { getTranslator } from '../i18n/translator';
import {
  createImportProfileSchema, duplicateImportProfileSchema, importProfileIdSchema, updateImportProfileSchema,
  type ImportProfileValues,
} from './schemas';
import { canNameAnyAutomationUser } from './automation-user';
import { DUPLICATE_DELETE_REQUIRES, PROFILE_DELETE_REQUIRES } from './destructive';
import { PROFILE_PERMISSIONS } from './permissions';
import { duplicateProfileRecord } from './profile-duplicate';
import { createProfileRecord, deleteProfileRecord, profileScopeOf, updateProfileRecord } from './profile-store';

// Which permission allows what, and why both families count: lib/import-profiles/permissions.ts.

/**
 * importSettings:view shows the profiles the caller created; importSettings:viewAll shows every
 * profile. Any of the three view permissions lets the caller in.
 */
export const listImportProfiles = defineOperation({
  name: 'listImportProfiles',
  permission: PROFILE_PERMISSIONS.view,
  input: z.object({}).optional(),
  run: (_input, { db, user, access }) => listProfileRows(db,
    hasPermission(access, 'externalContacts:importSettings:viewAll') ? {} : { createdBy: user.id }),
});

/**
 * One profile with every setting and the names it refers to (source, division, people);
 * someone else's, without importSettings:viewAll, is "not found".
 */
export const getImportProfile = defineOperation({
  name: 'getImportProfile',
  permission: PROFILE_PERMISSIONS.view,
  input: importProfileIdSchema,
  async run({ id }, ctx) {
    const profile = await findProfileDetails(ctx.db, id, profileScopeOf(ctx));
    if (!profile) throw notFound();
    return profile;
  },
});

/**
 * The edit page: the profile and the choices its form offers (active sources, every division, and
 * as automation user the active users for a user administrator, else only the caller or nobody).
 */
export const loadImportProfileForm = defineOperation({
  name: 'loadImportProfileForm',
  permission: PROFILE_PERMISSIONS.edit,
  input: importProfileIdSchema,
  async run({ id }, ctx) {
    const profile = await findProfileDetails(ctx.db, id, profileScopeOf(ctx));
    if (!profile) throw notFound();
    const sources = await listActiveSourceOptions(ctx.db);
    const divisions = await listDivisionOptions(ctx.db, 'all');
    const anyUser = canNameAnyAutomationUser(ctx.access);
    const users = anyUser ? (await listActiveUserOptions(ctx.db)).map(({ id: userId, name, email }) => ({ id: userId, name, email })) : [];
    return {
      profile, sources, divisions: divisions.map(({ id: divisionId, name }) => ({ id: divisionId, name })),
      automationUsers: { anyUser, users },
    };
  },
});

const toWrite = ({ name, ...settings }: ImportProfileValues) => ({ name, ...settings });

/** A new profile, owned by the caller. Names are unique whatever their case: a taken one is a field error. */
export const createImportProfile = defineOperation({
  name: 'createImportProfile',
  permission: PROFILE_PERMISSIONS.add,
  input: createImportProfileSchema,
  // A profile that deletes contacts: contact:delete in its default division (destructive.ts).
  requires: PROFILE_DELETE_REQUIRES,
  run: (input, ctx) => createProfileRecord(ctx.db, ctx, toWrite(input)),
});

/**
 * Saves the settings of a profile the caller may see (their own, or any with viewAll). Left
 * out, the remembered column mappings and the imported fields stay as they are.
 */
export const updateImportProfile = defineOperation({
  name: 'updateImportProfile',
  permission: PROFILE_PERMISSIONS.edit,
  input: updateImportProfileSchema,
  // A profile that deletes contacts: contact:delete in its default division (destructive.ts).
  requires: PROFILE_DELETE_REQUIRES,
  run: ({ id, ...input }, ctx) => updateProfileRecord(ctx.db, ctx, id, input),
});

/** "<name> (copy)", "<name> (copy 2)"... in the caller's language, owned by the caller. */
export const duplicateImportProfile = defineOperation({
  name: 'duplicateImportProfile',
  permission: PROFILE_PERMISSIONS.add,
  input: duplicateImportProfileSchema,
  requires: DUPLICATE_DELETE_REQUIRES,
  async run({ id, locale }, ctx) {
    const language = locale ?? (isLocale(ctx.user.locale) ? ctx.user.locale : DEFAULT_LOCALE);
    const t = getTranslator(language);
    const copy = await duplicateProfileRecord(ctx.db, ctx, id, (name, number) => (number === 1
      ? t('profilesPage.copyName', { name })
      : t('profilesPage.copyNameNumbered', { name, number })));
    return { id: copy.id, name: copy.name };
  },
});

/** Deletes a profile the caller may see; the jobs that used it keep their copy of its settings. */
export const deleteImportProfile = defineOperation({
  name: 'deleteImportProfile',
  permission: PROFILE_PERMISSIONS.delete,
  input: importProfileIdSchema,
  run: ({ id }, ctx) => deleteProfileRecord(ctx.db, ctx, id),
});
