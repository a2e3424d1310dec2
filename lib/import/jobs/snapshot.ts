import type { AppDatabase } from '../../../db/client';
import { findProfileRow } from '../../../db/queries/import-profiles';
import { DomainError } from '../../actions/result';
import type { MatchIdentifier } from '../rows/fields';
import type { ImportSettings } from '../rows/types';

/**
 * The settings a job runs with, copied from its profile when the job is created: editing or
 * deleting the profile later changes nothing for jobs already started. `override` is the
 * settings the wizard showed when they differ from the saved profile (the user chose not to
 * save them): the job runs with what was on screen, and still names its profile.
 */
export async function freezeProfile(db: AppDatabase, profileId: string, override?: ImportSettings): Promise<ImportSettings> {
  const profile = await findProfileRow(db, profileId, 'all');
  if (!profile) throw new DomainError('errors.notFound', 404, 'profileId');
  if (override) {
    return {
      ...override, matchBy: [...override.matchBy], importFields: [...override.importFields],
      columnMapping: { ...override.columnMapping },
    };
  }
  if (!profile.externalSourceId) throw new DomainError('jobs.errors.profileWithoutSource', 400, 'profileId');
  return {
    externalSourceId: profile.externalSourceId,
    matchBy: profile.matchBy as MatchIdentifier[],
    mergeMode: profile.mergeMode,
    loadType: profile.loadType,
    importFields: [...profile.importFields],
    columnMapping: { ...profile.columnMapping },
    defaultCountry: profile.defaultCountry,
    emptyCellsClear: profile.emptyCellsClear,
    unmatchedRows: profile.unmatchedRows,
    matchedRows: profile.matchedRows,
  };
}
