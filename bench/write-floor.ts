import { once } from 'node:events';
import { createWriteStream, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import type { Sql, TransactionSql } from 'postgres';
import { copyLine } from '../db/copy';

/**
 * The floor under any import engine on this schema: the rows one import wrote into the three
 * tables, COPYed back as they are into the same tables emptied (indexes, triggers and fill factor
 * all in place), in a transaction that is then rolled back. No matching, parsing or validation:
 * COPY statements of 5,000 rows, built before the clock starts. What an import costs above this
 * is the engine's; what this costs above the raw COPY of the file is the schema's.
 *
 * Meant for the new workload, which starts from empty tables. Its rows are exported right after
 * it and COPYed back once the benchmark is done, so that nothing the re-import measures is
 * disturbed.
 */
const JOB_CONTACTS = `select g.id from job_created_contacts r cross join lateral generate_series(r.first_id, r.last_id) g(id) where r.job_id = $1
  union select contact_id from job_contact_changes where job_id = $1`;
const WRITTEN_TABLES = [
  { table: 'contacts', label: 'contacts', rows: `from contacts t where t.id in (${JOB_CONTACTS}) order by t.id` },
  { table: 'contact_external_ids', label: 'external IDs', rows: `from contact_external_ids t where t.contact_id in (${JOB_CONTACTS}) order by t.contact_id` },
  { table: 'job_contact_changes', label: 'change records', rows: 'from job_contact_changes t where t.job_id = $1 order by t.id' },
  { table: 'job_created_contacts', label: 'created runs', rows: 'from job_created_contacts t where t.job_id = $1 order by t.first_id' },
] as const;

/**
 * `bare`: the same COPY into the same tables stripped, inside the rolled-back transaction, of every
 * index but the primary keys and of every trigger (the reference checks among them). No engine
 * could keep the matching of SPEC section 5 fast or the references sound on such tables; it
 * measures what the indexes and triggers cost, which is what a product decision could remove.
 */
export type FloorKind = 'schema' | 'bare';

export interface WriteFloor {
  seconds: number;
  perTable: { label: string; rows: number; seconds: number }[];
}

class RollBack extends Error {}

/**
 * Rows per COPY statement, as the engine's batches on PostgreSQL, so that the statement-level
 * reference triggers check transition tables of the same size. (At 1M rows one COPY per table
 * took 21.8 and 22.3 s, statements of 5,000 rows 20.8 s: not much either way.)
 */
const ROWS_PER_STATEMENT = 5_000;

/** The file's lines (no value holds a raw newline in COPY's text format), a statement's worth each. */
function splitIntoStatements(text: string): string[] {
  const statements: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = start;
    for (let n = 0; n < ROWS_PER_STATEMENT && end < text.length; n += 1) end = text.indexOf('\n', end) + 1 || text.length;
    statements.push(text.slice(start, end));
    start = end;
  }
  return statements;
}

/** Writes the rows the job wrote, table by table, to files in `dir`; returns their paths. */
export async function exportWrittenRows(client: Sql, jobId: string, dir: string): Promise<string[]> {
  const files = WRITTEN_TABLES.map(({ table }) => path.join(dir, `floor-${table}.copy`));
  for (const [i, { table, rows }] of WRITTEN_TABLES.entries()) await exportRows(client, table, rows, jobId, files[i]);
  return files;
}

/** Times the COPY of each exported file into its emptied table, then rolls it all back. */
export async function timeWriteFloor(client: Sql, files: readonly string[], kind: FloorKind): Promise<WriteFloor> {
  const perTable: WriteFloor['perTable'] = [];
  await client.begin(async (tx) => {
    await tx.unsafe(`truncate ${WRITTEN_TABLES.map((t) => t.table).join(', ')}`);
    if (kind === 'bare') await stripToPrimaryKeys(tx);
    for (const [i, { table, label }] of WRITTEN_TABLES.entries()) {
      const statements = splitIntoStatements(readFileSync(files[i], 'utf8'));
      const started = performance.now();
      for (const text of statements) await pipeline(Readable.from([text]), await tx.unsafe(`copy ${table} from stdin`).writable());
      const seconds = (performance.now() - started) / 1000;
      const [{ count }] = await tx.unsafe<{ count: string }[]>(`select count(*) from ${table}`);
      perTable.push({ label, rows: Number(count), seconds });
    }
    throw new RollBack();
  }).catch((error: unknown) => {
    if (!(error instanceof RollBack)) throw error;
  });
  return { seconds: perTable.reduce((sum, t) => sum + t.seconds, 0), perTable };
}

/** Drops, inside the caller's transaction, every index but the primary keys and disables every trigger. */
async function stripToPrimaryKeys(tx: TransactionSql): Promise<void> {
  const tables = WRITTEN_TABLES.map((t) => t.table);
  const indexes = await tx.unsafe<{ name: string }[]>(
    `select indexrelid::regclass::text as name from pg_index
      where indrelid = any($1::regclass[]) and not indisprimary`, [tables]);
  for (const { name } of indexes) await tx.unsafe(`drop index ${name}`);
  for (const table of tables) await tx.unsafe(`alter table ${table} disable trigger all`);
}

export function removeFloorFiles(files: readonly string[]): void {
  for (const file of files) rmSync(file, { force: true });
}

/**
 * Writes the rows to `file` in COPY's text format, read through a cursor with every column as
 * its text, in small pages: this runs before the re-import, whose peak RSS must not carry it.
 * Not `copy ... to stdout`: a postgres.js 3.4 COPY out can leave its connection paused for good
 * (porsager/postgres#499), and the queries after it hang.
 */
async function exportRows(client: Sql, table: string, rows: string, jobId: string, file: string): Promise<void> {
  const columns = await client.unsafe<{ name: string }[]>(
    'select attname as name from pg_attribute where attrelid = $1::regclass and attnum > 0 and not attisdropped order by attnum', [table]);
  const query = `select ${columns.map((c) => `t.${c.name}::text`).join(', ')} ${rows}`;
  const out = createWriteStream(file);
  const written = finished(out);
  for await (const page of client.unsafe(query, [jobId]).values().cursor(1_000)) {
    const text = page.map((row) => `${copyLine(row as (string | null)[])}\n`).join('');
    if (!out.write(text)) await once(out, 'drain');
  }
  out.end();
  await written;
}
