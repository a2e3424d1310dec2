import { z } from 'zod';
import { hasPermission } from '../auth/access';
import { listProfileRows } from '../../db/queries/import-profiles';
import { defineOperation } from '../actions/operation';
import { notFound } from '../actions/result';
import {
  importProfileIdSchema, importProfileSchema, updateImportProfileSchema, type ImportProfileValues,
} from '../validation/import-profiles';
import { createProfileRecord, findVisibleProfile, updateProfileRecord } from './profile-store';

const VIEW_PERMISSIONS = [
  'externalContacts:importSettings:view',
  'externalContacts:importSettings:viewAll',
  'externalContacts:importCsvSettings:view',
] as const;

/**
 * importSettings:view shows the profiles the caller created; importSettings:viewAll shows every
 * profile. Any of the three view permissions lets the caller in.
 */
export const listImportProfiles = defineOperation({
  name: 'listImportProfiles',
  permission: VIEW_PERMISSIONS,
  input: z.object({}).optional(),
  run: (_input, { db, user, access }) => listProfileRows(db,
    hasPermission(access, 'externalContacts:importSettings:viewAll') ? {} : { createdBy: user.id }),
});

/** One profile with every setting; someone else's, without importSettings:viewAll, is "not found". */
export const getImportProfile = defineOperation({
  name: 'getImportProfile',
  permission: VIEW_PERMISSIONS,
  input: importProfileIdSchema,
  async run({ id }, ctx) {
    const profile = await findVisibleProfile(ctx.db, ctx, id);
    if (!profile) throw notFound();
    return profile;
  },
});

const toWrite = ({ name, ...settings }: ImportProfileValues) => ({ name, ...settings });

/** A new profile, owned by the caller. Names are unique whatever their case: a taken one is a field error. */
export const createImportProfile = defineOperation({
  name: 'createImportProfile',
  permission: 'externalContacts:importSettings:add',
  input: importProfileSchema,
  run: (input, ctx) => createProfileRecord(ctx.db, ctx, toWrite(input)),
});

/** Saves every setting of a profile the caller may see (their own, or any with viewAll). */
export const updateImportProfile = defineOperation({
  name: 'updateImportProfile',
  permission: 'externalContacts:importSettings:edit',
  input: updateImportProfileSchema,
  run: ({ id, ...input }, ctx) => updateProfileRecord(ctx.db, ctx, id, toWrite(input)),
});
