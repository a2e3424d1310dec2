import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Sql } from 'postgres';
import type { AppDatabase } from './client';

export type CopyValue = string | number | boolean | null | undefined;

/** How long one COPY may take before it counts as hung (a COPY the server refused was seen to hang). */
const COPY_TIMEOUT_MS = Number(process.env.COPY_TIMEOUT_MS ?? 120_000);

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
 * Characters per chunk sent: small enough that the server works on one while the next is built
 * (a 5,000-contact batch is one 1 MB chunk otherwise, built whole before the server starts).
 */
const COPY_CHUNK_CHARS = 128 * 1024;

/**
 * COPYs rows into a table through `client` (inside its transaction when it is one). Rows are
 * sent in chunks of COPY_CHUNK_CHARS. Fails, rather than waiting forever, when the server has not
 * finished after COPY_TIMEOUT_MS.
 */
export async function copyRows(
  client: Sql, table: string, columns: readonly string[], rows: Iterable<readonly CopyValue[]>,
): Promise<void> {
  const stream = await client.unsafe(`copy ${table} (${columns.join(', ')}) from stdin`).writable();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new Error(`COPY into ${table} did not finish within ${COPY_TIMEOUT_MS} ms`);
      stream.destroy(error);
      reject(error);
    }, COPY_TIMEOUT_MS);
  });
  try {
    await Promise.race([pipeline(Readable.from(chunks(rows)), stream), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function* chunks(rows: Iterable<readonly CopyValue[]>): Generator<string> {
  let chunk = '';
  for (const row of rows) {
    let line = '';
    for (let i = 0; i < row.length; i += 1) line += (i === 0 ? '' : '\t') + copyText(row[i]);
    chunk += `${line}\n`;
    if (chunk.length >= COPY_CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk.length > 0) yield chunk;
}
