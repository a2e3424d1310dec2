import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { AppDatabase } from '../client';
import { divisions, externalSources, uploads, users } from '../schema';

export interface NamedOption {
  id: string;
  name: string;
}

/** The divisions of `divisionIds` ('all' for every one), Home first, then by name. */
export function listDivisionOptions(db: AppDatabase, divisionIds: 'all' | string[]): Promise<(NamedOption & { isHome: boolean })[]> {
  if (divisionIds !== 'all' && divisionIds.length === 0) return Promise.resolve([]);
  return db.select({ id: divisions.id, name: divisions.name, isHome: divisions.isHome }).from(divisions)
    .where(divisionIds === 'all' ? undefined : inArray(divisions.id, divisionIds))
    .orderBy(sql`${divisions.isHome} desc`, asc(sql`lower(${divisions.name})`), asc(divisions.id));
}

/** Sources an import may use: the active ones, by name. */
export function listActiveSourceOptions(db: AppDatabase): Promise<NamedOption[]> {
  return db.select({ id: externalSources.id, name: externalSources.name }).from(externalSources)
    .where(eq(externalSources.active, true))
    .orderBy(asc(sql`lower(${externalSources.name})`), asc(externalSources.id));
}

/** People a job may run on behalf of: active users, by name. */
export function listActiveUserOptions(db: AppDatabase): Promise<(NamedOption & { email: string })[]> {
  return db.select({ id: users.id, name: users.name, email: users.email }).from(users)
    .where(eq(users.active, true))
    .orderBy(asc(sql`lower(${users.name})`), asc(users.id));
}

export async function isActiveUser(db: AppDatabase, id: string): Promise<boolean> {
  const [row] = await db.select({ id: users.id }).from(users).where(and(eq(users.id, id), eq(users.active, true))).limit(1);
  return !!row;
}

/** Writes the wizard's draft of an upload, only if `uploadedBy` uploaded it (the draft is theirs alone). */
export async function saveUploadDraft(db: AppDatabase, uploadId: string, draft: Record<string, unknown>, uploadedBy: string): Promise<void> {
  await db.update(uploads).set({ wizardDraft: draft }).where(and(eq(uploads.id, uploadId), eq(uploads.uploadedBy, uploadedBy)));
}
