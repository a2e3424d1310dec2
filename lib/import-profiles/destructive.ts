import type { NeededPermissions, OperationContext } from '../actions/operation';
import { ANY_DIVISION } from '../auth/access';
import type { LoadType, MatchedRowAction } from '../import/rows/types';
import { CONTACT_DELETE, profileDeletesContacts } from '../import/jobs/contact-writes';
import { findVisibleProfile } from './profile-store';

// A profile whose settings delete contacts ("Drop and insert", "Delete listed contacts", or a
// column mapped to Deleted) is a loaded weapon: its drop folder runs it unattended. Saving one
// (create, edit, copy) needs contact:delete in its default division (in some division when it has
// none), as Clear source does; every job started with it is checked again in its own division.

interface ProfileSettings {
  loadType: LoadType;
  /** Create-only ('skip'): a Deleted column then deletes nothing. */
  matchedRows?: MatchedRowAction;
  columnMapping?: Record<string, string>;
  defaultDivisionId?: string | null;
}

function deletePermissionFor(settings: ProfileSettings): NeededPermissions {
  if (!profileDeletesContacts(settings)) return [];
  return { permissions: [CONTACT_DELETE], division: settings.defaultDivisionId ?? ANY_DIVISION };
}

/** For `requires` of createImportProfile, updateImportProfile and duplicateImportProfile. */
export const PROFILE_DELETE_REQUIRES = {
  permissions: [CONTACT_DELETE],
  /** The settings as they will be saved; an edit without a column mapping keeps the profile's. */
  async needed(input: ProfileSettings & { id?: string }, ctx: OperationContext): Promise<NeededPermissions> {
    if (input.columnMapping === undefined && input.id) {
      const saved = await findVisibleProfile(ctx.db, ctx, input.id);
      return deletePermissionFor({ ...input, columnMapping: saved?.columnMapping });
    }
    return deletePermissionFor(input);
  },
};

/** A copy has the settings of the profile copied. */
export const DUPLICATE_DELETE_REQUIRES = {
  permissions: [CONTACT_DELETE],
  async needed({ id }: { id: string }, ctx: OperationContext): Promise<NeededPermissions> {
    const profile = await findVisibleProfile(ctx.db, ctx, id);
    return profile ? deletePermissionFor(profile) : [];
  },
};
