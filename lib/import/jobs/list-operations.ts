import { divisionsWith } from '../../auth/access';
import { listJobRows } from '../../../db/queries/imports';
import { defineOperation } from '../../actions/operation';
import { toPaged } from '../../paging';
import { importJobListSchema } from './list-schemas';
import { toJobListFilter } from './list-filter';

/**
 * importJob:view shows the caller's own jobs; importJob:viewAll widens the list to every job of
 * the divisions where it is held. Either one lets the caller in. The filters narrow that list.
 */
export const listImportJobs = defineOperation({
  name: 'listImportJobs',
  permission: ['externalContacts:importJob:view', 'externalContacts:importJob:viewAll'],
  input: importJobListSchema,
  async run(input, { db, user, access }) {
    const { page, pageSize } = input;
    const scope = {
      userId: user.id,
      ownIn: divisionsWith(access, 'externalContacts:importJob:view'),
      allIn: divisionsWith(access, 'externalContacts:importJob:viewAll'),
    };
    const { rows, total } = await listJobRows(db, scope, toJobListFilter(input), { limit: pageSize, offset: (page - 1) * pageSize });
    return toPaged(rows, total, page, pageSize);
  },
});
