import { once } from 'node:events';
import { createWriteStream, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import type { Sql, TransactionSql } from 'postgres';
import { copyLine } from '../db/copy';
import { WRITTEN_COLUMNS } from '../lib/import/engine/contact-columns';

/**
 * The floor under any import engine on this schema: the rows one import wrote into the three
 * tables, COPYed back as they are into the same tables emptied (indexes, triggers and fill factor
 * all in place), in a transaction that is then rolled back. No matching, parsing or validation:
 * COPY statements of 5,000 rows, built before the clock starts. What an import costs above this
 * is the engine's; what this costs above the raw COPY of the file is the schema's.
 *
 * Meant for the new workload, which starts from empty tables. Its rows are exported right after
 * it and COPYed back once the benchmark is done, so that nothing the re-import measures is
 * disturbed. The workloads on existing contacts (re-import, second source) have their own floor:
 * see exportJobWrites and timeJobWriteFloor.
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
  for (const [i, { table, rows }] of WRITTEN_TABLES.entries()) {
    await exportRows(client, await columnsOf(client, table), rows, [jobId], files[i]);
  }
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
      for (const text of statements) await copyStatement(tx, table, text);
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

/** One COPY statement of `text` (COPY's text format) into `table`. */
async function copyStatement(tx: TransactionSql, table: string, text: string): Promise<void> {
  await pipeline(Readable.from([text]), await tx.unsafe(`copy ${table} from stdin`).writable());
}

async function columnsOf(client: Sql, table: string): Promise<string[]> {
  const columns = await client.unsafe<{ name: string }[]>(
    'select attname as name from pg_attribute where attrelid = $1::regclass and attnum > 0 and not attisdropped order by attnum', [table]);
  return columns.map((c) => c.name);
}

/**
 * Writes the rows to `file` in COPY's text format, read through a cursor with every column as
 * its text, in small pages: this runs before the next workload, whose peak RSS must not carry it.
 * Not `copy ... to stdout`: a postgres.js 3.4 COPY out can leave its connection paused for good
 * (porsager/postgres#499), and the queries after it hang.
 */
async function exportRows(client: Sql, columns: readonly string[], rows: string, params: string[], file: string): Promise<number> {
  const query = `select ${columns.map((c) => `t.${c}::text`).join(', ')} ${rows}`;
  const out = createWriteStream(file);
  const written = finished(out);
  let count = 0;
  for await (const page of client.unsafe(query, params).values().cursor(1_000)) {
    count += page.length;
    const text = page.map((row) => `${copyLine(row as (string | null)[])}\n`).join('');
    if (!out.write(text)) await once(out, 'drain');
  }
  out.end();
  await written;
  return count;
}

/*
 * The write floor of a job on existing contacts (the re-import, the second source): exactly the
 * rows it wrote, with the cheapest set-based statements, built before the clock starts. COPY of
 * the contacts it created, of the external IDs it added, of its change records and created runs;
 * for the contacts it updated, merged or deleted (those with a change record), an UPDATE by id of
 * every written column and modified_at from a prebuilt table of their after-images, 5,000 per
 * statement. All in a transaction that is then rolled back. Before the clock, in that
 * transaction, what the job added is removed (its created contacts and their IDs, the IDs it
 * added to existing contacts, its change records and runs) and its updated contacts are given
 * back the columns their change records hold as before-images, so that the statements write into
 * the state the job found and change the same indexed values. (The IDs a merge moved off an
 * absorbed contact are not deleted again: the benchmark's workloads merge nothing.)
 *
 * The job's rows are exported right after it, so that later workloads do not alter them; the IDs
 * it added are the rows of contact_external_ids it created, by transaction id: those made after
 * `xidMarker` was read before the job.
 */

/** The files of one job's writes, by what the floor does with them. */
export interface JobWrites {
  jobId: string;
  created: string;
  updated: string;
  externalIds: string;
  changes: string;
  runs: string;
}

const AFTER_COLUMNS = ['id', ...WRITTEN_COLUMNS.map((c) => c.name), 'modified_at'];

/** The current transaction id's low 32 bits (what xmin holds), read before a job. */
export async function xidMarker(client: Sql): Promise<string> {
  const [{ xid }] = await client.unsafe<{ xid: string }[]>('select (txid_current() % 4294967296)::text as xid');
  return xid;
}

/** Exports what job `jobId` wrote, `since` being xidMarker read before it; `name` keeps the files apart. */
export async function exportJobWrites(client: Sql, jobId: string, since: string, dir: string, name: string): Promise<JobWrites> {
  const file = (part: string) => path.join(dir, `floor-${name.replace(/\W+/g, '-')}-${part}.copy`);
  const writes: JobWrites = {
    jobId, created: file('created'), updated: file('updated'), externalIds: file('external-ids'), changes: file('changes'), runs: file('runs'),
  };
  await exportRows(client, await columnsOf(client, 'contacts'), `from contacts t where t.id in (
      select g.id from job_created_contacts r cross join lateral generate_series(r.first_id, r.last_id) g(id) where r.job_id = $1)
    order by t.id`, [jobId], writes.created);
  await exportRows(client, AFTER_COLUMNS, `from contacts t
    where t.id in (select contact_id from job_contact_changes where job_id = $1) order by t.id`, [jobId], writes.updated);
  await exportRows(client, await columnsOf(client, 'contact_external_ids'),
    'from contact_external_ids t where t.xmin::text::bigint >= $1::bigint order by t.contact_id', [since], writes.externalIds);
  await exportRows(client, await columnsOf(client, 'job_contact_changes'),
    'from job_contact_changes t where t.job_id = $1 order by t.id', [jobId], writes.changes);
  await exportRows(client, await columnsOf(client, 'job_created_contacts'),
    'from job_created_contacts t where t.job_id = $1 order by t.first_id', [jobId], writes.runs);
  return writes;
}

/** Times the job's writes into the state it found (see above), then rolls it all back. */
export async function timeJobWriteFloor(client: Sql, writes: JobWrites): Promise<WriteFloor> {
  const perTable: WriteFloor['perTable'] = [];
  await client.begin(async (tx) => {
    // The after-images, in a table of their own, and the IDs the job added, to delete them.
    await tx.unsafe(`create temp table floor_after as select ${AFTER_COLUMNS.join(', ')} from contacts limit 0`);
    for (const text of splitIntoStatements(readFileSync(writes.updated, 'utf8'))) await copyStatement(tx, 'floor_after', text);
    await tx.unsafe('alter table floor_after add primary key (id)');
    await tx.unsafe('create temp table floor_added_ids as select * from contact_external_ids limit 0');
    for (const text of splitIntoStatements(readFileSync(writes.externalIds, 'utf8'))) await copyStatement(tx, 'floor_added_ids', text);
    await tx.unsafe('analyze floor_after; analyze floor_added_ids');

    // The state the job found: its updated contacts with their before-images' columns (a
    // contact that only gained an ID has none), what it added gone.
    const columns = AFTER_COLUMNS.filter((c) => c !== 'id' && c !== 'modified_at');
    await tx.unsafe(`update contacts c set ${columns.map((c) => `${c} = b.${c}`).join(', ')}
      from (select p.* from floor_after a
        join (select distinct on (contact_id) contact_id, before - 'external_ids' as before from job_contact_changes
              where job_id = $1 order by contact_id, id) ch on ch.contact_id = a.id and ch.before <> '{}'::jsonb
        cross join lateral jsonb_populate_record(a, ch.before) p) b
      where c.id = b.id`, [writes.jobId]);
    await tx.unsafe(`delete from contacts where id in (
      select g.id from job_created_contacts r cross join lateral generate_series(r.first_id, r.last_id) g(id) where r.job_id = $1)`, [writes.jobId]);
    await tx.unsafe(`delete from contact_external_ids e using floor_added_ids a
      where e.contact_id = a.contact_id and e.source_id = a.source_id and e.value = a.value`);
    await tx.unsafe('delete from job_contact_changes where job_id = $1', [writes.jobId]);
    await tx.unsafe('delete from job_created_contacts where job_id = $1', [writes.jobId]);

    // The statements, built before the clock.
    const ids = await tx.unsafe<{ id: string }[]>('select id::text as id from floor_after a order by a.id');
    const updates: string[] = [];
    for (let i = 0; i < ids.length; i += ROWS_PER_STATEMENT) {
      const last = ids[Math.min(i + ROWS_PER_STATEMENT, ids.length) - 1].id;
      updates.push(`update contacts c set ${columns.map((c) => `${c} = v.${c}`).join(', ')}, modified_at = v.modified_at
        from floor_after v where c.id = v.id and v.id between ${ids[i].id} and ${last} and c.id between ${ids[i].id} and ${last}`);
    }
    const copies = (table: string, file: string) => {
      const statements = splitIntoStatements(readFileSync(file, 'utf8'));
      const rows = statements.reduce((sum, text) => sum + countLines(text), 0);
      return async () => {
        for (const text of statements) await copyStatement(tx, table, text);
        return rows;
      };
    };
    const steps: [string, () => Promise<number>][] = [
      ['contacts created', copies('contacts', writes.created)],
      ['contacts updated', async () => {
        let rows = 0;
        for (const statement of updates) rows += (await tx.unsafe(statement)).count;
        return rows;
      }],
      ['external IDs', copies('contact_external_ids', writes.externalIds)],
      ['change records', copies('job_contact_changes', writes.changes)],
      ['created runs', copies('job_created_contacts', writes.runs)],
    ];
    for (const [label, step] of steps) {
      const started = performance.now();
      const rows = await step();
      perTable.push({ label, rows, seconds: (performance.now() - started) / 1000 });
    }
    throw new RollBack();
  }).catch((error: unknown) => {
    if (!(error instanceof RollBack)) throw error;
  });
  return { seconds: perTable.reduce((sum, t) => sum + t.seconds, 0), perTable };
}

function countLines(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count += 1;
  return count;
}

export function removeJobWriteFiles(writes: JobWrites): void {
  removeFloorFiles([writes.created, writes.updated, writes.externalIds, writes.changes, writes.runs]);
}
