import { divisionsWith } from '../auth/access';
import { findContactDetail, searchContactRows } from '../../db/queries/contacts';
import { defineOperation } from '../actions/operation';
import { notFound } from '../actions/result';
import { toCappedPaged } from '../paging';
import { CONTACT_LIST_DEPTH_MAX, contactIdSchema, contactSearchSchema } from './schemas';

// Contacts are scoped: a caller sees only the divisions where they hold contact:view, and a
// contact elsewhere is "not found" so its existence never leaks.

export const searchContacts = defineOperation({
  name: 'searchContacts',
  permission: 'externalContacts:contact:view',
  input: contactSearchSchema,
  async run({ q, page, pageSize }, { db, access }) {
    const scope = divisionsWith(access, 'externalContacts:contact:view');
    const { rows, total, totalIsCapped, orderIsPartial, sortedAmong } = await searchContactRows(db, scope, {
      text: q ?? '', limit: pageSize, offset: (page - 1) * pageSize,
    });
    const paged = toCappedPaged(rows, total, totalIsCapped, page, pageSize);
    // Never a page count past the deepest page the input accepts.
    const pageCount = Math.min(paged.pageCount, Math.floor(CONTACT_LIST_DEPTH_MAX / pageSize));
    return { ...paged, pageCount, orderIsPartial, sortedAmong };
  },
});

export const getContact = defineOperation({
  name: 'getContact',
  permission: 'externalContacts:contact:view',
  input: contactIdSchema,
  async run({ id }, { db, access }) {
    const detail = await findContactDetail(db, divisionsWith(access, 'externalContacts:contact:view'), id);
    if (!detail) throw notFound();
    return detail;
  },
});
