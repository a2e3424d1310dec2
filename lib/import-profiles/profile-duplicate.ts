import type { AppDatabase } from '../../db/client';
import { recordAudit } from '../../db/queries/audit';
import { insertProfileRow, listProfileNamesContaining, type ImportProfile } from '../../db/queries/import-profiles';
import type { Actor } from '../actions/operation';
import { isUniqueViolation } from '../actions/operation';
import { notFound } from '../actions/result';
import { copyNameFragment, pickCopyName, type CopyNameFormat } from './copy-name';
import { auditValues, findVisibleProfile } from './profile-store';

// Another copy of the same profile may take the chosen name between the look-up and the insert.
const ATTEMPTS = 3;

/**
 * A copy of a profile the actor may see, owned by the actor, named "<name> (copy)" (or the
 * first free "(copy N)"). Every setting is copied, remembered mappings included; the automation
 * user is not, as the drop folder belongs to the original profile.
 */
export async function duplicateProfileRecord(
  db: AppDatabase, actor: Actor, id: string, format: CopyNameFormat,
): Promise<ImportProfile> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await db.transaction(async (tx) => {
        const original = await findVisibleProfile(tx, actor, id);
        if (!original) throw notFound();
        const taken = await listProfileNamesContaining(tx, copyNameFragment(original.name));
        const copy = await insertProfileRow(tx, {
          name: pickCopyName(original.name, format, taken),
          externalSourceId: original.externalSourceId,
          matchBy: original.matchBy,
          mergeMode: original.mergeMode,
          loadType: original.loadType,
          importFields: original.importFields,
          columnMapping: original.columnMapping,
          defaultCountry: original.defaultCountry,
          emptyCellsClear: original.emptyCellsClear,
          unmatchedRows: original.unmatchedRows,
          matchedRows: original.matchedRows,
          encoding: original.encoding,
          notifyEmails: original.notifyEmails,
          defaultDivisionId: original.defaultDivisionId,
        }, actor.user.id);
        await recordAudit(tx, {
          actorUserId: actor.user.id, action: 'importProfile.duplicate', targetType: 'importProfile', targetId: copy.id,
          details: { copiedFrom: original.id, after: auditValues(copy) },
        });
        return copy;
      });
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= ATTEMPTS) throw error;
    }
  }
}
