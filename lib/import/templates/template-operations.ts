import { z } from 'zod';
import { findProfileDetails } from '../../../db/queries/import-profiles';
import { defineOperation } from '../../actions/operation';
import { notFound } from '../../actions/result';
import { BULK_IMPORT_PERMISSIONS } from '../../auth/navigation';
import { LOCALES } from '../../i18n/config';
import { PROFILE_PERMISSIONS } from '../../import-profiles/permissions';
import { profileScopeOf } from '../../import-profiles/profile-store';
import { buildTemplateFile } from './build-template';

const templateRequestSchema = z.object({
  kind: z.enum(['template', 'sample']),
  locale: z.enum(LOCALES),
});

/**
 * The template or sample of every field, offered on the wizard's upload step: to whoever may
 * start a bulk import (the wizard's own permissions). Nothing is read from the database.
 */
export const downloadImportTemplate = defineOperation({
  name: 'downloadImportTemplate',
  permission: 'externalContacts:importCsvUpload:add',
  allOf: BULK_IMPORT_PERMISSIONS,
  input: templateRequestSchema,
  run: async (input) => buildTemplateFile(input),
});

/**
 * A profile's template or sample, with its columns: to whoever may see the profile (someone
 * else's, without importSettings:viewAll, is "not found", as on its page).
 */
export const downloadProfileTemplate = defineOperation({
  name: 'downloadProfileTemplate',
  permission: PROFILE_PERMISSIONS.view,
  input: templateRequestSchema.extend({ id: z.uuid() }),
  async run({ id, kind, locale }, ctx) {
    const profile = await findProfileDetails(ctx.db, id, profileScopeOf(ctx));
    if (!profile) throw notFound();
    return buildTemplateFile({ kind, locale, profile });
  },
});
