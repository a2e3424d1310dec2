import { and, asc, eq, ne, sql, type SQL } from 'drizzle-orm';
import type { AppDatabase } from '../client';
import { externalSources, importProfiles, type LoadType, type MergeMode } from '../schema';

export type ImportProfile = typeof importProfiles.$inferSelect;

export interface ImportProfileListItem {
  id: string;
  name: string;
  externalSourceName: string | null;
  matchBy: string[];
  mergeMode: MergeMode;
  loadType: LoadType;
}

/**
 * Which profiles a caller sees: every one, their own (the profiles they created), or none.
 * Built into the WHERE clause, so a profile outside it reads as "not found".
 */
export type ProfileScope = 'all' | { createdBy: string } | 'none';

function inScope(scope: ProfileScope): SQL | undefined {
  if (scope === 'all') return undefined;
  if (scope === 'none') return sql`false`;
  return eq(importProfiles.createdBy, scope.createdBy);
}

const byName = [asc(sql`lower(${importProfiles.name})`), asc(importProfiles.id)];

/** Profiles by name; `createdBy` limits the list to one user's profiles. */
export function listProfileRows(db: AppDatabase, { createdBy }: { createdBy?: string } = {}): Promise<ImportProfileListItem[]> {
  return db.select({
    id: importProfiles.id,
    name: importProfiles.name,
    externalSourceName: externalSources.name,
    matchBy: importProfiles.matchBy,
    mergeMode: importProfiles.mergeMode,
    loadType: importProfiles.loadType,
  })
    .from(importProfiles)
    .leftJoin(externalSources, eq(externalSources.id, importProfiles.externalSourceId))
    .where(createdBy ? eq(importProfiles.createdBy, createdBy) : undefined)
    .orderBy(...byName);
}

/** Every setting of the profiles in scope, by name (the wizard fills its form from them). */
export function listProfileDetails(db: AppDatabase, scope: ProfileScope): Promise<ImportProfile[]> {
  return db.select().from(importProfiles).where(inScope(scope)).orderBy(...byName);
}

/** `lock` holds the row until the transaction ends (an update reads, checks, then writes it). */
export async function findProfileRow(
  db: AppDatabase, id: string, scope: ProfileScope, lock = false,
): Promise<ImportProfile | undefined> {
  const query = db.select().from(importProfiles).where(and(eq(importProfiles.id, id), inScope(scope))).limit(1);
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

/** Names are unique whatever their case (the unique index is on lower(name)). */
export async function isProfileNameTaken(db: AppDatabase, name: string, exceptId?: string): Promise<boolean> {
  const [row] = await db.select({ id: importProfiles.id }).from(importProfiles)
    .where(and(sql`lower(${importProfiles.name}) = lower(${name})`, exceptId ? ne(importProfiles.id, exceptId) : undefined))
    .limit(1);
  return !!row;
}

export type ProfileWrite = Pick<ImportProfile, 'name' | 'externalSourceId' | 'matchBy' | 'mergeMode' | 'loadType'
  | 'importFields' | 'columnMapping' | 'defaultCountry' | 'emptyCellsClear' | 'defaultDivisionId'>;

export async function insertProfileRow(db: AppDatabase, values: ProfileWrite, createdBy: string): Promise<ImportProfile> {
  const [row] = await db.insert(importProfiles).values({ ...values, createdBy }).returning();
  return row;
}

export async function updateProfileRow(db: AppDatabase, id: string, values: ProfileWrite): Promise<ImportProfile> {
  const [row] = await db.update(importProfiles).set({ ...values, updatedAt: sql`now()` })
    .where(eq(importProfiles.id, id)).returning();
  return row;
}
