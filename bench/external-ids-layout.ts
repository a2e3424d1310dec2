/**
 * Where a contact's first external ID should live (issue 21 part 4, decision 009): as today, a row
 * of `contact_external_ids` (heap row + unique `(source_id, value, contact_id)` + `(contact_id)`
 * entries, and the two statement-level reference checks), or on the contact row (two nullable
 * columns and one partial index on them), the side table keeping only the extra IDs a merge or
 * another source brings.
 *
 * On a throwaway PostgreSQL 15 (the settings of bench/import.ts) or, with EXTERNAL_IDS_BENCH_PGLITE=1,
 * a PGlite in a temporary folder, with the app's migrated schema (the trigram search index
 * included): EXTERNAL_IDS_BENCH_BASE contacts with one external ID each, in both layouts (default
 * 1,000,000; PGlite 100,000). Then, in rounds that interleave the variants, EXTERNAL_IDS_BENCH_ROWS
 * more contacts (default 200,000; PGlite 20,000) are written in batches of CHUNK rows (5,000;
 * PGlite 1,000, the engine's batch sizes), each batch in its own transaction as the import's are:
 * COPY on PostgreSQL, the engine's jsonb_to_recordset INSERT on PGlite. They are deleted and
 * vacuumed after each variant. Also printed: the sizes, and the two queries the engine runs per
 * batch (matching a batch's values by source and value, loading its candidates with all their
 * IDs) in each layout.
 *
 *   npm run bench:external-ids
 *   EXTERNAL_IDS_BENCH_PGLITE=1 npm run bench:external-ids
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReservedSql } from 'postgres';
import { migrateDatabase, openDatabase, type DatabaseHandle } from '../db/client';
import { seedDatabase } from '../db/seed';
import { FIELD_COLUMNS, PHONE_DISPLAY_COLUMNS } from '../lib/import/engine/contact-state';
import { postgresServerCpuSeconds } from './process-cpu';
import { startPostgresCluster, type PostgresCluster } from '../tests/support/postgres-cluster';

const PGLITE = process.env.EXTERNAL_IDS_BENCH_PGLITE === '1';
const BASE = Number(process.env.EXTERNAL_IDS_BENCH_BASE ?? (PGLITE ? 100_000 : 1_000_000));
const ROWS = Number(process.env.EXTERNAL_IDS_BENCH_ROWS ?? (PGLITE ? 20_000 : 200_000));
const ROUNDS = Number(process.env.EXTERNAL_IDS_BENCH_ROUNDS ?? 5);
/** 0: without the contacts search's trigram index, whose pending-list flushes make most of the spread between rounds. */
const SEARCH_INDEX = process.env.EXTERNAL_IDS_BENCH_SEARCH_INDEX !== '0';
const CHUNK = Number(process.env.EXTERNAL_IDS_BENCH_CHUNK ?? (PGLITE ? 1_000 : 5_000));
/** Values matched, and candidates loaded, per lookup: a batch's worth. */
const LOOKUP = CHUNK;
/** One base contact in EXTRA_EVERY has a second ID of the source, as a merge leaves: the side table of layout (b). */
const EXTRA_EVERY = 100;

const UNIQUE_INDEX = `CREATE UNIQUE INDEX bench_contacts_external_idx ON contacts (external_source_id, external_id) WHERE external_id IS NOT NULL`;
const PLAIN_INDEX = `CREATE INDEX bench_contacts_external_idx ON contacts (external_source_id, external_id) WHERE external_id IS NOT NULL`;

interface Variant {
  name: string;
  /** The contact row carries the ID (layout b) rather than a contact_external_ids row (layout a). */
  onRow: boolean;
  sideRow: boolean;
  /** The partial index on the two columns during this variant (none: no row fills them). */
  index: string | null;
}
const ALL_VARIANTS: Variant[] = [
  { name: 'contacts only, no external ID (baseline)', onRow: false, sideRow: false, index: null },
  { name: '(a) today: contact + contact_external_ids row', onRow: false, sideRow: true, index: null },
  { name: '(b) on the contact row, unique partial index', onRow: true, sideRow: false, index: UNIQUE_INDEX },
  { name: '(b) on the contact row, plain partial index', onRow: true, sideRow: false, index: PLAIN_INDEX },
];
const VARIANTS = process.env.EXTERNAL_IDS_BENCH_VARIANTS
  ? ALL_VARIANTS.filter((_, i) => process.env.EXTERNAL_IDS_BENCH_VARIANTS!.split(',').includes(String(i)))
  : ALL_VARIANTS;

const FIRST = ['Jean', 'Marie', 'Pierre', 'Sophie', 'Luc', 'Anne', 'Paul', 'Julie', 'Marc', 'Claire'];
const LAST = ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau'];
const DOMAINS = ['example.com', 'mail.example', 'corp.example'];
const externalValue = (i: number) => `CRM-${String(i).padStart(8, '0')}`;
const phone = (prefix: string, i: number) => `${prefix}${String(i % 100_000_000).padStart(8, '0')}`;

/** The same contacts in SQL (base) and in JavaScript (timed batches). */
function contactsSelect(from: number, to: number, division: string, source: string): string {
  return `SELECT i, '${division}'::uuid,
      (ARRAY['${FIRST.join("','")}'])[1 + i % 10] || (i % 997),
      (ARRAY['${LAST.join("','")}'])[1 + (i / 10) % 10] || (i % 1013),
      'contact' || i || '@' || (ARRAY['${DOMAINS.join("','")}'])[1 + i % 3],
      CASE WHEN i % 3 = 0 THEN 'perso' || i || '@home.example' END,
      '+3361' || lpad((i % 100000000)::text, 8, '0'),
      CASE WHEN i % 2 = 0 THEN '+4479' || lpad((i % 100000000)::text, 8, '0') END,
      '${source}'::uuid, 'CRM-' || lpad(i::text, 8, '0')
    FROM generate_series(${from}, ${to}) AS i`;
}
const CONTACT_COLUMNS = ['id', 'division_id', 'first_name', 'last_name', 'work_email', 'personal_email', 'work_phone', 'cell_phone', 'external_source_id', 'external_id'];

function contactValues(i: number, division: string, source: string, onRow: boolean): (string | number | null)[] {
  return [
    i, division, `${FIRST[i % 10]}${i % 997}`, `${LAST[Math.floor(i / 10) % 10]}${i % 1013}`,
    `contact${i}@${DOMAINS[i % 3]}`, i % 3 === 0 ? `perso${i}@home.example` : null,
    phone('+3361', i), i % 2 === 0 ? phone('+4479', i) : null,
    onRow ? source : null, onRow ? externalValue(i) : null,
  ];
}

/** The two ways the engine writes a batch's rows: COPY (PostgreSQL) or one INSERT of a JSON recordset (PGlite). */
interface Writer {
  contacts(rows: (string | number | null)[][]): Promise<void>;
  externalIds(rows: (string | number | null)[][]): Promise<void>;
  exec(statement: string): Promise<void>;
}

function copyWriter(conn: ReservedSql): Writer {
  const copy = async (table: string, columns: string[], rows: (string | number | null)[][]) => {
    const text = rows.map((r) => r.map((v) => (v === null ? '\\N' : String(v))).join('\t')).join('\n') + '\n';
    await pipeline(Readable.from([text]), await conn.unsafe(`COPY ${table} (${columns.join(', ')}) FROM STDIN`).writable());
  };
  return {
    contacts: (rows) => copy('contacts', CONTACT_COLUMNS, rows),
    externalIds: (rows) => copy('contact_external_ids', ['contact_id', 'source_id', 'value'], rows),
    exec: async (statement) => { await conn.unsafe(statement); },
  };
}

function insertWriter(handle: DatabaseHandle): Writer {
  const pg = handle.pglite!;
  const recordset = (columns: string[], rows: (string | number | null)[][]) =>
    JSON.stringify(rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i]]))));
  return {
    contacts: async (rows) => {
      await pg.query(`INSERT INTO contacts (${CONTACT_COLUMNS.join(', ')}) OVERRIDING SYSTEM VALUE
        SELECT ${CONTACT_COLUMNS.map((c) => `v.${c}`).join(', ')} FROM jsonb_to_recordset($1::jsonb) AS v(id bigint, division_id uuid,
          first_name text, last_name text, work_email text, personal_email text, work_phone text, cell_phone text,
          external_source_id uuid, external_id text)`, [recordset(CONTACT_COLUMNS, rows)]);
    },
    externalIds: async (rows) => {
      await pg.query(`INSERT INTO contact_external_ids (contact_id, source_id, value)
        SELECT v.contact_id, v.source_id, v.value FROM jsonb_to_recordset($1::jsonb) AS v(contact_id bigint, source_id uuid, value text)
        ON CONFLICT DO NOTHING`, [recordset(['contact_id', 'source_id', 'value'], rows)]);
    },
    exec: async (statement) => { await pg.exec(statement); },
  };
}

const seconds = (since: number) => (performance.now() - since) / 1000;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  let cluster: PostgresCluster | null = null;
  let dataDir: string | null = null;
  let handle: DatabaseHandle;
  if (PGLITE) {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'external-ids-bench-'));
    handle = await openDatabase({ dataDir });
  } else {
    cluster = await startPostgresCluster({
      settings: { shared_buffers: '1GB', max_wal_size: '8GB', checkpoint_timeout: '30min', work_mem: '64MB' },
    });
    handle = await openDatabase({ url: cluster.url, max: 2 });
  }
  const query = async <T>(text: string, params: unknown[] = []): Promise<T[]> => (handle.pglite
    ? (await handle.pglite.query<T>(text, params)).rows
    : (await handle.postgres!.unsafe(text, params as never[])) as unknown as T[]);
  const exec = async (text: string) => { if (handle.pglite) await handle.pglite.exec(text); else await handle.postgres!.unsafe(text); };
  try {
    await migrateDatabase(handle);
    await seedDatabase(handle.db, () => {});
    const [{ id: division }] = await query<{ id: string }>('SELECT id::text AS id FROM divisions ORDER BY created_at LIMIT 1');
    const [{ id: source }] = await query<{ id: string }>(`INSERT INTO external_sources (name) VALUES ('Bench CRM') RETURNING id::text AS id`);
    const [{ id: otherSource }] = await query<{ id: string }>(`INSERT INTO external_sources (name) VALUES ('Bench billing') RETURNING id::text AS id`);
    console.log(`${handle.driver}, ${BASE} base contacts, ${ROWS} inserted per variant in batches of ${CHUNK}, ${ROUNDS} rounds`);

    // Layout (b)'s columns, and its side table for the extra IDs (same shape and indexes as today's).
    await exec(`ALTER TABLE contacts ADD COLUMN external_source_id uuid, ADD COLUMN external_id text`);
    await exec(`CREATE TABLE bench_extra_external_ids (contact_id bigint NOT NULL, source_id uuid NOT NULL, value text NOT NULL);
      CREATE UNIQUE INDEX bench_extra_external_ids_key ON bench_extra_external_ids (source_id, value, contact_id);
      CREATE INDEX bench_extra_external_ids_contact_idx ON bench_extra_external_ids (contact_id)`);

    // The base, in both layouts at once: its contacts carry their ID on the row and have today's side row too.
    const trgm = (await query<{ def: string }>(`SELECT pg_get_indexdef('contacts_search_trgm_idx'::regclass) AS def`))[0].def;
    await exec('DROP INDEX contacts_search_trgm_idx');
    let t = performance.now();
    for (let from = 1; from <= BASE; from += 100_000) {
      await exec(`INSERT INTO contacts (${CONTACT_COLUMNS.join(', ')}) OVERRIDING SYSTEM VALUE ${contactsSelect(from, Math.min(from + 99_999, BASE), division, source)}`);
    }
    await exec(`INSERT INTO contact_external_ids (contact_id, source_id, value)
      SELECT i, '${source}'::uuid, 'CRM-' || lpad(i::text, 8, '0') FROM generate_series(1, ${BASE}) i`);
    // A second source's ID on every tenth contact (the limit of 10 reads other sources' IDs too).
    await exec(`INSERT INTO contact_external_ids (contact_id, source_id, value)
      SELECT i, '${otherSource}'::uuid, 'BIL-' || i FROM generate_series(10, ${BASE}, 10) i`);
    await exec(`INSERT INTO bench_extra_external_ids (contact_id, source_id, value)
      SELECT i, '${source}'::uuid, 'CRM-X' || i FROM generate_series(${EXTRA_EVERY}, ${BASE}, ${EXTRA_EVERY}) i`);
    console.log(`base written in ${seconds(t).toFixed(1)} s`);
    t = performance.now();
    if (SEARCH_INDEX) {
      await exec(trgm);
      console.log(`search index rebuilt in ${seconds(t).toFixed(1)} s`);
    } else {
      console.log('without the search index (EXTERNAL_IDS_BENCH_SEARCH_INDEX=0)');
    }
    await exec(UNIQUE_INDEX);
    for (const table of ['contacts', 'contact_external_ids', 'bench_extra_external_ids']) await exec(`VACUUM ANALYZE ${table}`);

    await printSizes(query);
    await measureLookups(query, source);
    await exec('DROP INDEX bench_contacts_external_idx');

    const totals = new Map<string, { total: number[]; contacts: number[]; externalIds: number[]; cpu: number[] }>(
      VARIANTS.map((v) => [v.name, { total: [], contacts: [], externalIds: [], cpu: [] }]));
    for (let round = 1; round <= ROUNDS; round++) {
      // Each round starts one variant further, and every other round runs backwards, so that none
      // always runs first or right after the same one (the deletion and vacuum before it differ).
      const rotated = VARIANTS.map((_, k) => VARIANTS[(k + round - 1) % VARIANTS.length]);
      const order = round % 2 === 1 ? rotated : rotated.reverse();
      for (const variant of order) {
        if (variant.index) await exec(variant.index);
        // Built before the clock starts, as the write floor's statements are.
        const batches: { contacts: (string | number | null)[][]; externalIds: (string | number | null)[][] }[] = [];
        for (let from = BASE + 1; from <= BASE + ROWS; from += CHUNK) {
          const ids = Array.from({ length: Math.min(CHUNK, BASE + ROWS - from + 1) }, (_, k) => from + k);
          batches.push({
            contacts: ids.map((i) => contactValues(i, division, source, variant.onRow)),
            externalIds: variant.sideRow ? ids.map((i) => [i, source, externalValue(i)]) : [],
          });
        }
        await exec('CHECKPOINT');
        const cpuBefore = postgresCpu(cluster);
        const nodeBefore = process.cpuUsage();
        let contactsTime = 0;
        let externalTime = 0;
        const reserved = handle.postgres ? await handle.postgres.reserve() : null;
        const writer = reserved ? copyWriter(reserved) : insertWriter(handle);
        const started = performance.now();
        try {
          for (const batch of batches) {
            await writer.exec('BEGIN');
            let s = performance.now();
            await writer.contacts(batch.contacts);
            contactsTime += seconds(s);
            if (batch.externalIds.length) {
              s = performance.now();
              await writer.externalIds(batch.externalIds);
              externalTime += seconds(s);
            }
            await writer.exec('COMMIT');
          }
        } finally {
          reserved?.release();
        }
        const total = seconds(started);
        const node = process.cpuUsage(nodeBefore);
        const serverCpu = cluster ? postgresCpu(cluster) - cpuBefore : (node.user + node.system) / 1e6;
        const cpu = ` (CPU: PostgreSQL ${(postgresCpu(cluster) - cpuBefore).toFixed(2)} s, this process ${((node.user + node.system) / 1e6).toFixed(2)} s)`;
        const record = totals.get(variant.name)!;
        record.total.push(total);
        record.contacts.push(contactsTime);
        record.externalIds.push(externalTime);
        record.cpu.push(serverCpu);
        console.log(`round ${round}, ${variant.name}: ${total.toFixed(2)} s`
          + ` (contacts ${contactsTime.toFixed(2)} s${variant.sideRow ? `, contact_external_ids ${externalTime.toFixed(2)} s` : ''})${cpu}`);
        await exec(`DELETE FROM contacts WHERE id > ${BASE}`);
        if (variant.index) await exec('DROP INDEX bench_contacts_external_idx');
        await exec('VACUUM contacts');
        await exec('VACUUM contact_external_ids');
      }
    }
    console.log(`\n${ROWS} contacts with one external ID each, ${handle.driver}, median of ${ROUNDS} rounds (all rounds):`);
    const baseline = totals.get(ALL_VARIANTS[0].name);
    for (const [name, r] of totals) {
      const over = baseline && baseline !== r
        ? `; over the baseline: ${(median(r.total) - median(baseline.total)).toFixed(2)} s, CPU ${(median(r.cpu) - median(baseline.cpu)).toFixed(2)} s` : '';
      console.log(`  ${name}: total ${median(r.total).toFixed(2)} s (${r.total.map((s) => s.toFixed(2)).join(' / ')}), contacts ${median(r.contacts).toFixed(2)} s`
        + (r.externalIds.some((s) => s > 0) ? `, contact_external_ids ${median(r.externalIds).toFixed(2)} s` : '')
        + `, CPU ${median(r.cpu).toFixed(2)} s (${r.cpu.map((s) => s.toFixed(2)).join(' / ')})${cluster ? ' PostgreSQL' : ' PGlite (this process)'}` + over);
    }
  } finally {
    await handle.close();
    await cluster?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

type Query = <T>(text: string, params?: unknown[]) => Promise<T[]>;

async function printSizes(query: Query) {
  const rows = await query<{ name: string; size: string; bytes: string }>(`
    SELECT c.relname AS name, pg_size_pretty(pg_relation_size(c.oid)) AS size, pg_relation_size(c.oid)::text AS bytes
    FROM pg_class c WHERE c.relname IN ('contacts', 'contact_external_ids', 'contact_external_ids_key',
      'contact_external_ids_contact_idx', 'bench_contacts_external_idx', 'contacts_pkey', 'contacts_search_trgm_idx',
      'bench_extra_external_ids', 'bench_extra_external_ids_key', 'bench_extra_external_ids_contact_idx')
    ORDER BY c.relname`);
  console.log('sizes (base, both layouts filled; side table: every contact\'s ID plus a second source\'s on one in ten):');
  for (const r of rows) console.log(`  ${r.name}: ${r.size} (${r.bytes} bytes)`);
  const [width] = await query<{ bytes: string }>(`SELECT round(avg(coalesce(pg_column_size(external_source_id), 0) + coalesce(pg_column_size(external_id), 0)), 1)::text AS bytes FROM contacts`);
  console.log(`  the two columns on a contact row: ${width.bytes} bytes on average`);
}

/** The engine's per-batch lookups in each layout, at the base size: the median of 5 batches of LOOKUP values each. */
async function measureLookups(query: Query, source: string) {
  const wanted = (from: number, miss: boolean) => JSON.stringify(
    Array.from({ length: LOOKUP }, (_, k) => (miss ? `NEW-${from + k}` : externalValue(from + k))).sort());
  const values = `(select array(select jsonb_array_elements_text($1::jsonb)))::text[]`;
  const match = {
    '(a) contact_external_ids': `select e.id from unnest(${values}) as v(value)
      cross join lateral (select e.contact_id as id from contact_external_ids e where e.source_id = '${source}' and e.value = v.value offset 0) e`,
    '(b) contacts columns': `select c.id from unnest(${values}) as v(value)
      cross join lateral (select c.id from contacts c where c.external_source_id = '${source}' and c.external_id = v.value and c.external_id is not null offset 0) c`,
    '(b) contacts columns union side table': `select c.id from unnest(${values}) as v(value)
      cross join lateral (select c.id from contacts c where c.external_source_id = '${source}' and c.external_id = v.value and c.external_id is not null offset 0) c
      union select e.id from unnest(${values}) as v(value)
      cross join lateral (select e.contact_id as id from bench_extra_external_ids e where e.source_id = '${source}' and e.value = v.value offset 0) e`,
  };
  const columns = ['c.id', 'floor(extract(epoch from c.created_at) * 1000)::bigint', 'c.organization_id', 'c.custom_fields',
    ...FIELD_COLUMNS.map(({ column }) => `c.${column}`), ...PHONE_DISPLAY_COLUMNS.map(({ column }) => `c.${column}`)].join(', ');
  const ids = `c.id = any(array(select jsonb_array_elements_text($1::jsonb)::bigint))`;
  const load = {
    'contacts only, no IDs': `select coalesce(json_agg(json_build_array(${columns})), '[]')::text from contacts c where ${ids}`,
    '(a) with contact_external_ids': `select coalesce(json_agg(json_build_array(${columns},
        (select jsonb_build_array(
                  coalesce(jsonb_agg(e.value order by e.value) filter (where e.source_id = '${source}'), '[]'::jsonb),
                  coalesce(jsonb_agg(e.source_id::text || ' ' || e.value) filter (where e.source_id <> '${source}'), '[]'::jsonb))
         from contact_external_ids e where e.contact_id = c.id))), '[]')::text from contacts c where ${ids}`,
    '(b) row columns + side table': `select coalesce(json_agg(json_build_array(${columns}, c.external_source_id, c.external_id,
        (select jsonb_build_array(
                  coalesce(jsonb_agg(e.value order by e.value) filter (where e.source_id = '${source}'), '[]'::jsonb),
                  coalesce(jsonb_agg(e.source_id::text || ' ' || e.value) filter (where e.source_id <> '${source}'), '[]'::jsonb))
         from bench_extra_external_ids e where e.contact_id = c.id))), '[]')::text from contacts c where ${ids}`,
  };
  const starts = [1, 2, 3, 4, 5].map((k) => 1 + Math.floor((BASE - LOOKUP) * k / 6));
  const time = async (text: string, param: (start: number) => string) => {
    await query(text, [param(starts[0])]);
    const times: number[] = [];
    for (const start of starts) {
      const s = performance.now();
      await query(text, [param(start)]);
      times.push(performance.now() - s);
    }
    return `${median(times).toFixed(1)} ms (${times.map((m) => m.toFixed(0)).join(' / ')})`;
  };
  console.log(`lookups at ${BASE} contacts, ${LOOKUP} values a batch, median of 5 batches:`);
  for (const [name, text] of Object.entries(match)) {
    console.log(`  match by (source, value), ${name}: all found ${await time(text, (s) => wanted(s, false))}; none found ${await time(text, (s) => wanted(s, true))}`);
  }
  // The plans, once: a probe per value is what keeps these fast (see load-working-set.ts).
  for (const text of [match['(b) contacts columns union side table'], load['(b) row columns + side table']]) {
    const plan = await query<Record<string, string>>(`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) ${text}`, [JSON.stringify(
      Array.from({ length: LOOKUP }, (_, k) => (text.includes('json_agg') ? String(starts[0] + k) : externalValue(starts[0] + k))))]);
    const lines = plan.map((row) => Object.values(row)[0]).filter((line) => /Scan|Loop|Join|Unique|Append/.test(line));
    console.log(`  plan: ${lines.map((line) => line.trim()).join(' | ')}`);
  }
  for (const [name, text] of Object.entries(load)) {
    console.log(`  load ${LOOKUP} candidates, ${name}: ${await time(text, (s) => JSON.stringify(Array.from({ length: LOOKUP }, (_, k) => s + k)))}`);
  }
}

/** CPU seconds the cluster's postmaster and backends have used so far (0 on PGlite, which runs in this process). */
function postgresCpu(cluster: PostgresCluster | null): number {
  return cluster ? postgresServerCpuSeconds(path.join(cluster.dir, 'data')) : 0;
}

main().catch((error) => { console.error(error); process.exit(1); });
