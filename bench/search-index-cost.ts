/**
 * What the contacts search's trigram index costs an import, against narrower choices (issue 21's
 * open question, decision 006). On a throwaway PostgreSQL 15 with the app's schema and
 * SEARCH_BENCH_BASE contacts (default 1,000,000), each variant's index is built, then
 * SEARCH_BENCH_ROWS new contacts (default 200,000) are inserted in one INSERT ... SELECT with every
 * other index in place, timed, and deleted again. Rounds interleave the variants, so a busy
 * machine slows them alike. Prints seconds per round, the index's size and build time, and the
 * latency of a few searches at the base size.
 *
 *   npm run bench:search-index
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { migrateDatabase, openDatabase } from '../db/client';
import { seedDatabase } from '../db/seed';
import { startPostgresCluster } from '../tests/support/postgres-cluster';

const BASE = Number(process.env.SEARCH_BENCH_BASE ?? 1_000_000);
const ROWS = Number(process.env.SEARCH_BENCH_ROWS ?? 200_000);
const ROUNDS = Number(process.env.SEARCH_BENCH_ROUNDS ?? 2);

const FULL_EXPRESSION = (() => {
  const migration = readFileSync(path.join(process.cwd(), 'db/migrations/0014_contacts_search_trgm.sql'), 'utf8');
  const start = migration.indexOf('USING gin (') + 'USING gin ('.length;
  return migration.slice(start, migration.lastIndexOf(' gin_trgm_ops')).trim();
})();
const NAMES_EXPRESSION = `(lower(coalesce("first_name", '') || ' ' || coalesce("last_name", '') || ' ' || coalesce("first_name", '')))`;

/** `session`: settings the importing connection takes; `after`: what runs once the rows are in. */
interface Variant { name: string; indexes: string[]; session?: string[]; after?: string[] }
const FULL_INDEX = `CREATE INDEX bench_search ON contacts USING gin (${FULL_EXPRESSION} gin_trgm_ops)`;
const ALL_VARIANTS: Variant[] = [
  { name: 'no search index', indexes: [] },
  { name: 'trigram on names, e-mails and phones (today)', indexes: [FULL_INDEX] },
  { name: 'trigram on names only', indexes: [`CREATE INDEX bench_search ON contacts USING gin (${NAMES_EXPRESSION} gin_trgm_ops)`] },
  {
    name: 'today, pending list 64MB, cleaned after',
    indexes: [FULL_INDEX],
    session: [`SET gin_pending_list_limit = '64MB'`],
    after: [`SELECT gin_clean_pending_list('bench_search')`],
  },
  {
    name: 'today, pending list 256MB, cleaned after',
    indexes: [FULL_INDEX],
    session: [`SET gin_pending_list_limit = '256MB'`],
    after: [`SELECT gin_clean_pending_list('bench_search')`],
  },
  { name: 'today, fastupdate off', indexes: [`${FULL_INDEX} WITH (fastupdate = off)`] },
];
const VARIANTS = process.env.SEARCH_BENCH_VARIANTS
  ? ALL_VARIANTS.filter((_, i) => process.env.SEARCH_BENCH_VARIANTS!.split(',').includes(String(i)))
  : ALL_VARIANTS;
/** Rows per INSERT statement, each committed alone, as the import's batches are. */
const CHUNK = Number(process.env.SEARCH_BENCH_CHUNK ?? 5_000);

function contactsSelect(from: number, to: number, division: string): string {
  return `SELECT '${division}'::uuid,
      (ARRAY['Jean','Marie','Pierre','Sophie','Luc','Anne','Paul','Julie','Marc','Claire'])[1 + i % 10] || (i % 997),
      (ARRAY['Martin','Bernard','Dubois','Thomas','Robert','Richard','Petit','Durand','Leroy','Moreau'])[1 + (i / 10) % 10] || (i % 1013),
      'contact' || i || '@' || (ARRAY['example.com','mail.example','corp.example'])[1 + i % 3],
      CASE WHEN i % 3 = 0 THEN 'perso' || i || '@home.example' END,
      '+3361' || lpad((i % 100000000)::text, 8, '0'),
      CASE WHEN i % 2 = 0 THEN '+4479' || lpad((i % 100000000)::text, 8, '0') END
    FROM generate_series(${from}, ${to}) AS i`;
}
const INSERT_COLUMNS = 'INSERT INTO contacts (division_id, first_name, last_name, work_email, personal_email, work_phone, cell_phone)';

async function main() {
  const cluster = await startPostgresCluster({
    settings: { shared_buffers: '1GB', max_wal_size: '8GB', checkpoint_timeout: '30min', work_mem: '64MB', maintenance_work_mem: '256MB' },
  });
  const handle = await openDatabase({ url: cluster.url, max: 2 });
  const sql = handle.postgres!;
  try {
    await migrateDatabase(handle);
    await seedDatabase(handle.db, () => {});
    const [{ id: division }] = await sql<{ id: string }[]>`SELECT id FROM divisions ORDER BY created_at LIMIT 1`;
    await sql.unsafe('DROP INDEX contacts_search_trgm_idx');
    let t = performance.now();
    await sql.unsafe(`${INSERT_COLUMNS} ${contactsSelect(1, BASE, division)}`);
    await sql.unsafe('VACUUM ANALYZE contacts');
    console.log(`${BASE} base contacts in ${((performance.now() - t) / 1000).toFixed(1)} s`);

    const results = new Map<string, number[]>(VARIANTS.map((v) => [v.name, []]));
    for (let round = 1; round <= ROUNDS; round++) {
      for (const variant of VARIANTS) {
        t = performance.now();
        for (const statement of variant.indexes) await sql.unsafe(statement);
        const build = (performance.now() - t) / 1000;
        const [{ size }] = variant.indexes.length
          ? await sql<{ size: string }[]>`SELECT pg_size_pretty(pg_relation_size('bench_search')) AS size`
          : [{ size: '-' }];
        if (round === 1 && variant.indexes.length) {
          for (const term of ['moreau42', 'contact123456@', 'nobody-matches']) {
            const expression = variant.name.includes('names only') ? NAMES_EXPRESSION : FULL_EXPRESSION;
            const started = performance.now();
            await sql.unsafe(`SELECT id FROM contacts WHERE ${expression} LIKE '%' || $1 || '%' LIMIT 26`, [term]);
            console.log(`  ${variant.name}: search '${term}' ${(performance.now() - started).toFixed(1)} ms`);
          }
        }
        await sql.unsafe('CHECKPOINT');
        const inserted = await sql.reserve();
        try {
          for (const statement of variant.session ?? []) await inserted.unsafe(statement);
          t = performance.now();
          for (let from = BASE + 1; from <= BASE + ROWS; from += CHUNK) {
            await inserted.unsafe(`${INSERT_COLUMNS} ${contactsSelect(from, Math.min(from + CHUNK - 1, BASE + ROWS), division)}`);
          }
          const insert = (performance.now() - t) / 1000;
          t = performance.now();
          for (const statement of variant.after ?? []) await inserted.unsafe(statement);
          const after = (performance.now() - t) / 1000;
          results.get(variant.name)!.push(insert + after);
          console.log(`round ${round}, ${variant.name}: insert ${ROWS} contacts ${insert.toFixed(2)} s`
            + (variant.after ? ` + after ${after.toFixed(2)} s` : '')
            + (variant.indexes.length ? `; index built in ${build.toFixed(1)} s, ${size}` : ''));
        } finally {
          await inserted.unsafe('RESET ALL');
          inserted.release();
        }
        await sql.unsafe(`DELETE FROM contacts WHERE id > (SELECT min(id) - 1 + ${BASE} FROM contacts)`);
        if (variant.indexes.length) await sql.unsafe('DROP INDEX bench_search');
        await sql.unsafe('VACUUM contacts');
      }
    }
    for (const [name, times] of results) {
      console.log(`${name}: ${times.map((s) => s.toFixed(2)).join(' / ')} s for ${ROWS} contacts`);
    }
  } finally {
    await handle.close();
    await cluster.stop();
  }
}

main().catch((error) => { console.error(error); process.exit(1); });
