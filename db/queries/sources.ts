import { and, asc, eq, ne, sql } from 'drizzle-orm';
import { queryRows, type AppDatabase } from '../client';
import {
  contactExternalIds, externalSources, importProfiles, organizationExternalIds, type ExternalSource,
} from '../schema';

export function listAllSources(db: AppDatabase): Promise<ExternalSource[]> {
  return db.select().from(externalSources).orderBy(asc(sql`lower(${externalSources.name})`), asc(externalSources.id));
}

/** `lock` holds the row until the transaction ends, so nothing can start using it meanwhile. */
export async function findSourceById(db: AppDatabase, id: string, lock = false): Promise<ExternalSource | undefined> {
  const query = db.select().from(externalSources).where(eq(externalSources.id, id)).limit(1);
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

/** Names are unique whatever their case (the unique index is on lower(name)). */
export async function isSourceNameTaken(db: AppDatabase, name: string, exceptId?: string): Promise<boolean> {
  const [row] = await db.select({ id: externalSources.id }).from(externalSources)
    .where(and(
      sql`lower(${externalSources.name}) = lower(${name})`,
      exceptId ? ne(externalSources.id, exceptId) : undefined,
    ))
    .limit(1);
  return !!row;
}

/** Whether anything still points at the source (deleting it would cascade into their IDs). */
export async function isSourceInUse(db: AppDatabase, id: string): Promise<boolean> {
  const [row] = await queryRows<{ used: boolean }>(db, sql`select
    exists (select 1 from ${contactExternalIds} where ${contactExternalIds.sourceId} = ${id})
    or exists (select 1 from ${organizationExternalIds} where ${organizationExternalIds.sourceId} = ${id})
    or exists (select 1 from ${importProfiles} where ${importProfiles.externalSourceId} = ${id}) as used`);
  return row.used;
}
