import { and, asc, eq, ne, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { AppDatabase } from '../client';
import { divisions, externalSources, importJobs, importProfiles, users, type LoadType, type MergeMode } from '../schema';

export type ImportProfile = typeof importProfiles.$inferSelect;

export interface ImportProfileListItem {
  id: string;
  name: string;
  externalSourceName: string | null;
  matchBy: string[];
  mergeMode: MergeMode;
  loadType: LoadType;
  updatedAt: Date;
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
    updatedAt: importProfiles.updatedAt,
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

/** A profile with the names of what it refers to, for its page. */
export interface ImportProfileDetails extends ImportProfile {
  externalSourceName: string | null;
  externalSourceActive: boolean | null;
  defaultDivisionName: string | null;
  automationUserName: string | null;
  createdByName: string | null;
}

const automationUsers = alias(users, 'automation_users');
const creators = alias(users, 'creators');

export async function findProfileDetails(db: AppDatabase, id: string, scope: ProfileScope): Promise<ImportProfileDetails | undefined> {
  const [row] = await db.select({
    profile: importProfiles,
    externalSourceName: externalSources.name,
    externalSourceActive: externalSources.active,
    defaultDivisionName: divisions.name,
    automationUserName: automationUsers.name,
    createdByName: creators.name,
  })
    .from(importProfiles)
    .leftJoin(externalSources, eq(externalSources.id, importProfiles.externalSourceId))
    .leftJoin(divisions, eq(divisions.id, importProfiles.defaultDivisionId))
    .leftJoin(automationUsers, eq(automationUsers.id, importProfiles.automationUserId))
    .leftJoin(creators, eq(creators.id, importProfiles.createdBy))
    .where(and(eq(importProfiles.id, id), inScope(scope)))
    .limit(1);
  if (!row) return undefined;
  const { profile, ...names } = row;
  return { ...profile, ...names };
}

/** Names are unique whatever their case (the unique index is on lower(name)). */
export async function isProfileNameTaken(db: AppDatabase, name: string, exceptId?: string): Promise<boolean> {
  const [row] = await db.select({ id: importProfiles.id }).from(importProfiles)
    .where(and(sql`lower(${importProfiles.name}) = lower(${name})`, exceptId ? ne(importProfiles.id, exceptId) : undefined))
    .limit(1);
  return !!row;
}

export type ProfileWrite = Pick<ImportProfile, 'name' | 'externalSourceId' | 'matchBy' | 'mergeMode' | 'loadType'
  | 'importFields' | 'columnMapping' | 'defaultCountry' | 'emptyCellsClear' | 'defaultDivisionId'>
  // Left out: nobody for a new profile, unchanged for an update.
  & Partial<Pick<ImportProfile, 'automationUserId'>>
  // Left out: create and update for a new profile (the columns' defaults), unchanged for an update.
  & Partial<Pick<ImportProfile, 'unmatchedRows' | 'matchedRows'>>
  // Left out: none for a new profile, unchanged for an update.
  & Partial<Pick<ImportProfile, 'notifyEmails' | 'encoding'>>;

export async function insertProfileRow(db: AppDatabase, values: ProfileWrite, createdBy: string): Promise<ImportProfile> {
  const [row] = await db.insert(importProfiles).values({ ...values, createdBy }).returning();
  return row;
}

export async function updateProfileRow(db: AppDatabase, id: string, values: ProfileWrite): Promise<ImportProfile> {
  const [row] = await db.update(importProfiles).set({ ...values, updatedAt: sql`now()` })
    .where(eq(importProfiles.id, id)).returning();
  return row;
}

/** The lower-cased names that contain `fragment` (whatever its case): the names a copy must avoid. */
export async function listProfileNamesContaining(db: AppDatabase, fragment: string): Promise<Set<string>> {
  const rows = await db.select({ name: sql<string>`lower(${importProfiles.name})` }).from(importProfiles)
    .where(sql`strpos(lower(${importProfiles.name}), lower(${fragment})) > 0`);
  return new Set(rows.map((row) => row.name));
}

/** Jobs that named the profile: they keep their frozen copy of it (profile_id becomes null). */
export async function countJobsOfProfile(db: AppDatabase, id: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(importJobs).where(eq(importJobs.profileId, id));
  return row.n;
}

export async function deleteProfileRow(db: AppDatabase, id: string): Promise<void> {
  await db.delete(importProfiles).where(eq(importProfiles.id, id));
}
