import { Param, sql, type SQL } from 'drizzle-orm';
import type { PGlite, Results } from '@electric-sql/pglite';
import type PgBoss from 'pg-boss';
import { queryRows, type AppDatabase } from '../../../../db/client';

// pg-boss talks to the database through `executeSql(text, values)`. These adapters let it use the
// process's own connections: PGlite's single instance, or a drizzle transaction of the caller (so
// a job is queued in the same transaction as the status change that calls for it).

/** `$1`-style placeholders turned into drizzle parameters, so the text runs on either driver. */
export function bindPositional(text: string, values: readonly unknown[]): SQL {
  const parts = text.split(/\$(\d+)/);
  const chunks = parts.map((part, i) => (i % 2 === 0 ? sql.raw(part) : sql`${new Param(toParam(values[Number(part) - 1]))}`));
  return sql.join(chunks);
}

function toParam(value: unknown): unknown {
  if (value === undefined) return null;
  if (value !== null && typeof value === 'object' && !(value instanceof Date) && !Array.isArray(value)) {
    return JSON.stringify(value);
  }
  return value;
}

export function drizzleExecutor(db: AppDatabase): PgBoss.Db {
  return {
    async executeSql(text, values) {
      return { rows: await queryRows(db, bindPositional(text, values ?? [])) };
    },
  };
}

const lastResult = (results: Results[]) => results[results.length - 1] ?? { rows: [] };

export function pgliteExecutor(pglite: PGlite): PgBoss.Db {
  return {
    async executeSql(text, values) {
      if (values && values.length > 0) return pglite.query(text, values);
      // pg-boss's maintenance and installation are `BEGIN; ...; COMMIT;` scripts. Inside PGlite's
      // own transaction a failing script is rolled back before anything else uses the one
      // connection (a bare exec would leave the session in an aborted transaction).
      if (/^\s*BEGIN\b/i.test(text)) {
        return pglite.transaction(async (tx) => lastResult(await tx.exec(text)));
      }
      return lastResult(await pglite.exec(text));
    },
  };
}
