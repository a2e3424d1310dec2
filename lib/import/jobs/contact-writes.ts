import { eq } from 'drizzle-orm';
import type { AppDatabase } from '../../../db/client';
import { uploads } from '../../../db/schema';
import type { Permission } from '../../auth/permissions';
import { skipsRow } from '../engine/apply-rows';
import { compileMapping } from '../rows/mapping';
import type { ImportSettings } from '../rows/types';

// What an import may do to contacts decides which contact permissions it needs in its division,
// as for a person doing the same by hand (docs/permissions.md): creating or updating contacts
// needs contact:add and contact:edit, deleting any needs contact:delete (as Clear source does).

/** What every import needs in its division besides importJob:add (seed 004's list). */
export const IMPORT_START_PERMISSIONS = [
  'externalContacts:externalEntity:import', 'externalContacts:importCsvJob:add',
] as const satisfies readonly Permission[];

export const CONTACT_WRITE_PERMISSIONS = [
  'externalContacts:contact:add', 'externalContacts:contact:edit', 'externalContacts:contact:delete',
] as const satisfies readonly Permission[];

export const CONTACT_DELETE: Permission = 'externalContacts:contact:delete';

type WriteSettings = Pick<ImportSettings, 'loadType' | 'columnMapping' | 'importFields' | 'unmatchedRows' | 'matchedRows'>;

/**
 * Whether an import can delete contacts: "Drop and insert" and "Delete listed contacts" do, and
 * so does any file with a column read as the Deleted field (mapped by the settings, or found by
 * its header: "Deleted", "Supprimé"...), whose rows soft-delete the contacts they match.
 */
export function deletesContacts(settings: WriteSettings, headers: readonly string[]): boolean {
  if (settings.loadType !== 'upsert') return true;
  // Create-only: a row that matches a contact is skipped, so its Deleted time deletes nothing.
  if (skipsRow(settings, true)) return false;
  return compileMapping(headers, settings.columnMapping, settings.importFields).byField.has('deleted');
}

/** The contact permissions an import with these settings, on a file with these headers, needs. */
export function contactPermissionsFor(settings: WriteSettings, headers: readonly string[]): Permission[] {
  const needed: Permission[] = [];
  // Every load type but "Delete listed contacts" creates contacts and updates those rows match,
  // unless the profile skips one kind of row: update-only creates none, create-only updates none.
  if (settings.loadType !== 'deleteListed') {
    if (!skipsRow(settings, false)) needed.push('externalContacts:contact:add');
    if (!skipsRow(settings, true)) needed.push('externalContacts:contact:edit');
  }
  if (deletesContacts(settings, headers)) needed.push(CONTACT_DELETE);
  return needed;
}

/**
 * Whether a profile's settings make every import with it delete contacts (its load type, or a
 * column it maps to Deleted); a file's own "Deleted" header is only known when a job starts.
 */
export function profileDeletesContacts(
  settings: Pick<ImportSettings, 'loadType' | 'matchedRows'> & { columnMapping?: Record<string, string> },
): boolean {
  if (settings.loadType !== 'upsert') return true;
  return !skipsRow(settings, true) && Object.values(settings.columnMapping ?? {}).includes('deleted');
}

/** The header row of an upload (empty when it has none or is gone). */
export async function uploadHeaders(db: AppDatabase, uploadId: string): Promise<string[]> {
  const [upload] = await db.select({ headers: uploads.headers }).from(uploads).where(eq(uploads.id, uploadId));
  return upload?.headers ?? [];
}
