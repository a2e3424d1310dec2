import { findDivisionById } from '../../db/queries/admin-roles';
import { recordAudit } from '../../db/queries/audit';
import { findSourceById } from '../../db/queries/sources';
import { countSourceContactsByDivision, softDeleteSourceContacts } from '../../db/queries/source-contacts';
import { defineOperation } from '../actions/operation';
import { DomainError, notFound } from '../actions/result';
import { divisionsWith, requirePermission } from '../auth/access';
import { inDivisionChange } from '../import/jobs/job-lock';
import { clearSourceSchema, sourceContactCountSchema } from './clear-schemas';

/**
 * For the confirmation of "Clear contacts": per division where the caller may delete contacts,
 * how many live contacts the source has there ("This deletes N contacts").
 */
export const countSourceContacts = defineOperation({
  name: 'countSourceContacts',
  permission: 'externalContacts:externalSource:view',
  input: sourceContactCountSchema,
  async run({ sourceId }, { db, access }) {
    if (!await findSourceById(db, sourceId)) throw notFound();
    return countSourceContactsByDivision(db, sourceId, divisionsWith(access, 'externalContacts:contact:delete'));
  },
});

/**
 * Clear source (SPEC section 6): soft-deletes every live contact of the division that has an
 * external ID in the source. Deleting contacts needs contact:delete in that division; acting on
 * the source needs externalSource:edit (sources are global: in any division).
 */
export const clearSource = defineOperation({
  name: 'clearSource',
  permission: 'externalContacts:contact:delete',
  input: clearSourceSchema,
  division: ({ divisionId }) => divisionId,
  async run({ sourceId, divisionId }, { db, user, access }) {
    requirePermission(access, 'externalContacts:externalSource:edit');
    const source = await findSourceById(db, sourceId);
    if (!source) throw notFound();
    if (!await findDivisionById(db, divisionId)) throw new DomainError('errors.notFound', 404, 'divisionId');
    // Refused at once (409) while an import runs in the division, rather than queueing behind it;
    // an import starting meanwhile waits, so no batch writes back a contact loaded before the clear.
    return inDivisionChange(db, divisionId, async (tx) => {
      const deleted = await softDeleteSourceContacts(tx, sourceId, divisionId, new Date());
      await recordAudit(tx, {
        actorUserId: user.id, action: 'externalSource.clear', targetType: 'externalSource', targetId: sourceId,
        details: { name: source.name, divisionId, deleted },
      });
      return { deleted };
    });
  },
});
