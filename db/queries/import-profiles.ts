import { asc, eq, sql } from 'drizzle-orm';
import type { AppDatabase } from '../client';
import { externalSources, importProfiles, type LoadType, type MergeMode } from '../schema';

export interface ImportProfileListItem {
  id: string;
  name: string;
  externalSourceName: string | null;
  matchBy: string[];
  mergeMode: MergeMode;
  loadType: LoadType;
}

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
    .orderBy(asc(sql`lower(${importProfiles.name})`), asc(importProfiles.id));
}
