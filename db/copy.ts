import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Sql } from 'postgres';
import type { AppDatabase } from './client';
import { config } from '../lib/config';

export type CopyValue = string | number | boolean | null | undefined;


/**
 * The postgres.js client under a drizzle database or transaction, for COPY; null on PGlite,
 * whose callers take their multi-row INSERT path instead.
 */
export function postgresClientOf(db: AppDatabase): Sql | null {
  const client = (db as unknown as { session?: { client?: unknown } }).session?.client as Sql | undefined;
  return client && typeof (client as { unsafe?: unknown }).unsafe === 'function' ? client : null;
}

/** One value in COPY's text format: \N for null, backslash escapes for the separators. */
export function copyText(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value !== 'string') return String(value);
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
    : value;
}

/**
 * Bytes per chunk sent: small enough that the server works on one while the next is built
 * (a 5,000-contact batch is one 1 MB chunk otherwise, built whole before the server starts).
 */
const COPY_CHUNK_BYTES = 128 * 1024;

/**
 * COPYs rows into a table through `client` (inside its transaction when it is one). Rows are
 * sent in chunks of COPY_CHUNK_BYTES. Fails with the server's own error when it refuses the
 * rows, and rather than waiting forever when it has not finished after COPY_TIMEOUT_MS (a COPY
 * the server refused was seen to hang).
 */
export async function copyRows(
  client: Sql, table: string, columns: readonly string[], rows: Iterable<readonly CopyValue[]>,
): Promise<void> {
  return copyLines(client, table, columns, rowLines(rows));
}

function* rowLines(rows: Iterable<readonly CopyValue[]>): Generator<string> {
  for (const row of rows) yield `${copyLine(row)}\n`;
}

/**
 * copyRows for callers that write COPY's text themselves: `text` is whole lines, each ended by
 * its newline, any number per item (a caller that builds its rows' text straight from its own
 * objects makes no array of values per row).
 */
export async function copyLines(
  client: Sql, table: string, columns: readonly string[], text: Iterable<string>,
): Promise<void> {
  const query = client.unsafe(`copy ${table} (${columns.join(', ')}) from stdin`);
  const refused = serverRefusalOf(query);
  const stream = await query.writable();
  const timeoutMs = config().COPY_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`COPY into ${table} did not finish within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([pipeline(Readable.from(chunks(text)), stream), refused, timeout]);
  } catch (error) {
    // Ends the pipeline still waiting for an answer; the server ignores the CopyFail it sends.
    stream.destroy(error as Error);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Rejects with the error of a COPY the server refuses. postgres.js 3.4 never settles the stream
 * when the refusal comes after the last row (a key or reference checked at the end of the
 * statement): the error only reaches the query's `reject`, a no-op once the query has given its
 * stream (porsager/postgres#1173). Listening there gives the caller the server's error at once.
 */
function serverRefusalOf(query: object): Promise<never> {
  const refused = new Promise<never>((_, reject) => {
    const internal = query as { reject?: (error: unknown) => unknown };
    const settle = internal.reject;
    if (typeof settle !== 'function') return;
    internal.reject = (error: unknown) => {
      reject(error);
      return settle(error);
    };
  });
  // A refusal before the stream opens is the query's own rejection; this one may go unheard.
  refused.catch(() => {});
  return refused;
}

/** One row in COPY's text format, without its newline. */
export function copyLine(row: readonly CopyValue[]): string {
  let line = '';
  for (let i = 0; i < row.length; i += 1) line += (i === 0 ? '' : '\t') + copyText(row[i]);
  return line;
}

/**
 * The text as UTF-8 chunks of at most COPY_CHUNK_BYTES (or one longer line alone), each line
 * encoded straight into the chunk's buffer. Chunks of text were a string built of thousands of
 * pieces, which the stream then flattened and encoded whole: most of the import process's cost
 * of a COPY, and large strings for the garbage collector.
 */
function* chunks(text: Iterable<string>): Generator<Buffer> {
  let buffer = Buffer.allocUnsafe(COPY_CHUNK_BYTES);
  let used = 0;
  for (const lines of text) {
    // At most 3 bytes of UTF-8 per UTF-16 unit.
    if (used + lines.length * 3 > buffer.length) {
      if (used > 0) {
        yield buffer.subarray(0, used);
        buffer = Buffer.allocUnsafe(COPY_CHUNK_BYTES);
        used = 0;
      }
      if (lines.length * 3 > buffer.length) {
        yield Buffer.from(lines, 'utf8');
        continue;
      }
    }
    used += buffer.write(lines, used, 'utf8');
  }
  if (used > 0) yield buffer.subarray(0, used);
}
