import { and, asc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { queryRows, type AppDatabase } from '../client';
import { contactExternalIds, contacts, divisions } from '../schema';

/** Live (not deleted, not absorbed by a merge) contacts with an external ID in the source. */
function liveSourceContacts(sourceId: string): SQL {
  return and(isNull(contacts.deletedAt), isNull(contacts.mergedInto), sql`exists (
    select 1 from ${contactExternalIds}
    where ${contactExternalIds.contactId} = ${contacts.id} and ${contactExternalIds.sourceId} = ${sourceId})`)!;
}

/** Per division of `divisionIds` ('all' for every one), its name and how many live contacts the source has there. */
export async function countSourceContactsByDivision(
  db: AppDatabase, sourceId: string, divisionIds: 'all' | string[],
): Promise<{ divisionId: string; divisionName: string; count: number }[]> {
  if (divisionIds !== 'all' && divisionIds.length === 0) return [];
  const inScope = divisionIds === 'all' ? undefined : inArray(divisions.id, divisionIds);
  const counts = db.select({ divisionId: contacts.divisionId, count: sql<number>`count(*)::int`.as('count') })
    .from(contacts)
    .where(and(liveSourceContacts(sourceId), divisionIds === 'all' ? undefined : inArray(contacts.divisionId, divisionIds)))
    .groupBy(contacts.divisionId)
    .as('counts');
  return db.select({ divisionId: divisions.id, divisionName: divisions.name, count: sql<number>`coalesce(${counts.count}, 0)::int` })
    .from(divisions)
    .leftJoin(counts, eq(counts.divisionId, divisions.id))
    .where(inScope)
    .orderBy(sql`${divisions.isHome} desc`, asc(sql`lower(${divisions.name})`), asc(divisions.id));
}

/**
 * Soft-deletes, in one statement, every live contact of the division that has an external ID
 * in the source; returns how many. Their external IDs stay, so the deletion can be traced.
 */
export async function softDeleteSourceContacts(db: AppDatabase, sourceId: string, divisionId: string, now: Date): Promise<number> {
  const [row] = await queryRows<{ deleted: number }>(db, sql`with cleared as (
      update ${contacts} set deleted_at = ${now.toISOString()}, modified_at = ${now.toISOString()}
      where ${contacts.divisionId} = ${divisionId} and ${liveSourceContacts(sourceId)}
      returning 1
    ) select count(*)::int as deleted from cleared`);
  return row.deleted;
}
