import { sql } from 'drizzle-orm';
import { postgresClientOf } from '../copy';
import { queryRows, type AppDatabase } from '../client';

/** The tables an import writes and later imports read through their indexes. */
const IMPORT_TABLES = ['contacts', 'contact_external_ids'] as const;

/**
 * PGlite runs in the web server's thread: an ANALYZE holds every request meanwhile. It samples
 * 300 rows per unit of statistics target: 10 instead of the default 100 reads a tenth of the rows,
 * enough for the matching queries' plans (row counts, null fractions, frequent sources).
 */
const PGLITE_STATISTICS_TARGET = 10;

/** Lets the requests waiting on PGlite run between two maintenance statements. */
const pause = () => new Promise((resolve) => setTimeout(resolve, 5));

/**
 * Refreshes the planner's statistics of the tables an import writes. PostgreSQL's autovacuum
 * does it too, but later; PGlite has no autovacuum at all.
 */
export async function analyzeImportTables(db: AppDatabase): Promise<void> {
  if (postgresClientOf(db)) {
    for (const table of IMPORT_TABLES) await db.execute(sql.raw(`analyze ${table}`));
    return;
  }
  for (const table of IMPORT_TABLES) {
    await db.transaction(async (tx) => {
      await tx.execute(sql.raw(`set local default_statistics_target = ${PGLITE_STATISTICS_TARGET}`));
      await tx.execute(sql.raw(`analyze ${table}`));
    });
    await pause();
  }
}

/**
 * Reclaims the dead row versions an import left (every updated contact leaves one, with an entry
 * in each of its indexes that later lookups step over), then refreshes the statistics. For
 * PGlite, which has no autovacuum; not inside a transaction. A table is vacuumed only where dead
 * rows are a tenth of it or more: a vacuum reads the whole table and its indexes.
 */
export async function vacuumImportTables(db: AppDatabase): Promise<void> {
  const stats = await queryRows<{ relname: string; live: number | string; dead: number | string }>(db, sql`
    select relname, n_live_tup as live, n_dead_tup as dead from pg_stat_user_tables
    where relname in ('contacts', 'contact_external_ids')`);
  for (const table of IMPORT_TABLES) {
    const row = stats.find((s) => s.relname === table);
    // No figures (statistics off): vacuum, the safe side for a table nothing else cleans.
    if (!row || Number(row.dead) * 10 >= Number(row.live)) {
      await db.execute(sql.raw(`vacuum ${table}`));
      await pause();
    }
  }
  await analyzeImportTables(db);
}
