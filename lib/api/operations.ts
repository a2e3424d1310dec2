import { z } from 'zod';
import { listDivisionOptions } from '../../db/queries/wizard';
import { defineOperation } from '../actions/operation';
import { divisionsWith } from '../auth/access';

/**
 * The divisions where the caller may start an import job: an API client needs a division's id
 * to start one, as the wizard offers the same list in its Division field.
 */
export const listImportDivisions = defineOperation({
  name: 'listImportDivisions',
  permission: 'externalContacts:importJob:add',
  input: z.object({}).optional(),
  run: (_input, { db, access }) => listDivisionOptions(db, divisionsWith(access, 'externalContacts:importJob:add')),
});
