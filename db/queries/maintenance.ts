import { sql } from 'drizzle-orm';
import { queryRows, type AppDatabase } from '../client';

/** The tables an import writes and later imports read through their indexes. */
const IMPORT_TABLES = ['contacts', 'contact_external_ids'] as const;

/**
 * Refreshes the planner's statistics of the tables an import wrote. PostgreSQL's autovacuum
 * does it too, but later; PGlite has no autovacuum at all.
 */
export async function analyzeImportTables(db: AppDatabase): Promise<void> {
  for (const table of IMPORT_TABLES) await db.execute(sql.raw(`analyze ${table}`));
}

/**
 * Reclaims the dead row versions an import left (every updated contact leaves one, with an entry
 * in each of its indexes that later lookups step over) and refreshes the statistics. For PGlite,
 * which has no autovacuum; not inside a transaction. Only where dead rows are a tenth of the
 * table or more: a vacuum reads the whole table and its indexes, and holds PGlite meanwhile.
 */
export async function vacuumImportTables(db: AppDatabase): Promise<void> {
  const stats = await queryRows<{ relname: string; live: number | string; dead: number | string }>(db, sql`
    select relname, n_live_tup as live, n_dead_tup as dead from pg_stat_user_tables
    where relname in ('contacts', 'contact_external_ids')`);
  for (const table of IMPORT_TABLES) {
    const row = stats.find((s) => s.relname === table);
    const dead = Number(row?.dead ?? 0);
    const live = Number(row?.live ?? 0);
    // No figures (statistics off): vacuum, as the safe side for a table nothing else cleans.
    if (!row || dead * 10 >= live) await db.execute(sql.raw(`vacuum (analyze) ${table}`));
    else await db.execute(sql.raw(`analyze ${table}`));
  }
}
