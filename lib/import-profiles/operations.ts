import { z } from 'zod';
import { hasPermission } from '../auth/access';
import { listProfileRows } from '../../db/queries/import-profiles';
import { defineOperation } from '../actions/operation';

/**
 * importSettings:view shows the profiles the caller created; importSettings:viewAll shows every
 * profile. Any of the three view permissions lets the caller in.
 */
export const listImportProfiles = defineOperation({
  name: 'listImportProfiles',
  permission: [
    'externalContacts:importSettings:view',
    'externalContacts:importSettings:viewAll',
    'externalContacts:importCsvSettings:view',
  ],
  input: z.object({}).optional(),
  run: (_input, { db, user, access }) => listProfileRows(db,
    hasPermission(access, 'externalContacts:importSettings:viewAll') ? {} : { createdBy: user.id }),
});
