import { sql, type SQL } from 'drizzle-orm';
import type { Sql } from 'postgres';
import { queryRows, type AppDatabase, type DatabaseHandle } from './client';

/**
 * The one place that takes PostgreSQL advisory locks (tests/unit/advisory-lock-usage.test.ts
 * refuses `pg_advisory` anywhere else). Nothing here waits without bound: a lock is tried
 * (`pg_try_advisory_*`, never queued), and a bounded wait tries again until a deadline, so no
 * request, action or job step can sit on a lock, or on the pool connection it holds, forever.
 * See docs/locks-and-timeouts.md for every lock of the application.
 */

export interface HeldLock {
  release(): Promise<void>;
}

/** A lock key: a number, or a text the database hashes (hashtext), as SQL taking the same lock does. */
export type LockKey = number | { hashOf: string };

/**
 * A lock: with a class, PostgreSQL's two-int4 form (class, key); without, the one-bigint form.
 * The two forms never conflict with each other, so a lock keeps the form it was born with.
 */
export interface LockName {
  key: LockKey;
  lockClass?: number;
}

/** A bounded wait: tried again (25 ms, doubling up to 500 ms) until `timeoutMs` has passed. */
export interface WaitOptions {
  timeoutMs: number;
  /** Stops the wait at once (the signal's reason is thrown), e.g. when a job is cancelled. */
  signal?: AbortSignal;
}

/** Thrown when a bounded wait ends without the lock. */
export class LockTimeoutError extends Error {
  constructor(readonly lock: string, readonly timeoutMs: number) {
    super(`lock ${lock} still held by someone else after ${timeoutMs} ms`);
    this.name = 'LockTimeoutError';
  }
}

/**
 * Where session locks live: a PostgreSQL pool (the lock is held on a connection set aside for
 * it), or one PGlite instance. PGlite has one connection, on which advisory locks never conflict;
 * its locks are a set in memory per instance (the instance lives in one process: the set is
 * complete), as tests open several instances in one process.
 */
export type LockSpace = { driver: 'postgres'; client: Sql } | { driver: 'pglite'; instance: object };

/**
 * The lock space of a handle or of a top-level drizzle database; null for a transaction (the
 * caller must then take its locks before opening it, or with `xactLock` inside it).
 */
export function lockSpaceOf(source: DatabaseHandle | AppDatabase): LockSpace | null {
  if ('driver' in source && 'close' in source) {
    return source.driver === 'postgres' ? { driver: 'postgres', client: source.postgres! } : { driver: 'pglite', instance: source.pglite! };
  }
  const client = (source as unknown as { session?: { client?: Record<string, unknown> } }).session?.client;
  if (!client) return null;
  // postgres.js: only the pool can reserve a connection (a transaction's client cannot).
  if (typeof client.reserve === 'function') return { driver: 'postgres', client: client as unknown as Sql };
  // PGlite: the instance opens transactions; a transaction's client does not.
  if (typeof client.transaction === 'function' && typeof client.query === 'function') return { driver: 'pglite', instance: client };
  return null;
}

const keySql = ({ key, lockClass }: LockName): SQL => {
  const value = typeof key === 'number' ? sql`${key}` : sql`hashtext(${key.hashOf})`;
  if (lockClass === undefined) return typeof key === 'number' ? sql`${key}::int8` : value;
  return typeof key === 'number' ? sql`${lockClass}::int4, ${key}::int4` : sql`${lockClass}::int4, ${value}`;
};

const keyText = ({ key, lockClass }: LockName) => `${lockClass ?? '-'}:${typeof key === 'number' ? key : `#${key.hashOf}`}`;

type Reserved = Awaited<ReturnType<Sql['reserve']>>;

/** postgres.js tagged queries take no drizzle SQL: the same statements, as text and parameters. */
function sessionStatement(fn: 'pg_try_advisory_lock' | 'pg_advisory_unlock', { key, lockClass }: LockName): [string, (string | number)[]] {
  const value = typeof key === 'number' ? '$1::int8' : 'hashtext($1)';
  const param = typeof key === 'number' ? key : key.hashOf;
  if (lockClass === undefined) return [`select ${fn}(${value}) as locked`, [param]];
  return [`select ${fn}($2::int4, ${typeof key === 'number' ? '$1::int4' : value}) as locked`, [param, lockClass]];
}

// On globalThis: Next.js may evaluate this module more than once per process (per route bundle),
// and the worker's import and a server action's revert must see the same set.
const heldKey = Symbol.for('contacts-bulk-import.pglite-locks');
const heldInMemory: WeakMap<object, Set<string>> = ((globalThis as Record<symbol, unknown>)[heldKey] ??= new WeakMap()) as WeakMap<object, Set<string>>;

/**
 * A session lock tried without waiting; null when someone else holds it. On PostgreSQL it is held
 * on a connection set aside while it is held: it goes away with the connection should the
 * process die, so a crashed holder never blocks anyone.
 */
export async function trySessionLock(space: LockSpace, name: LockName): Promise<HeldLock | null> {
  if (space.driver === 'pglite') {
    const held = heldInMemory.get(space.instance) ?? new Set<string>();
    heldInMemory.set(space.instance, held);
    const text = keyText(name);
    if (held.has(text)) return null;
    held.add(text);
    return { release: async () => { held.delete(text); } };
  }
  const connection: Reserved = await space.client.reserve();
  try {
    const [{ locked }] = await connection.unsafe(...sessionStatement('pg_try_advisory_lock', name));
    if (!locked) {
      connection.release();
      return null;
    }
  } catch (error) {
    connection.release();
    throw error;
  }
  return {
    async release() {
      try {
        await connection.unsafe(...sessionStatement('pg_advisory_unlock', name));
      } finally {
        connection.release();
      }
    },
  };
}

/**
 * A session lock, waiting at most `timeoutMs` for it (LockTimeoutError after). The wait holds no
 * connection: each try sets one aside for a moment only.
 */
export async function sessionLock(space: LockSpace, name: LockName, wait: WaitOptions): Promise<HeldLock> {
  let held: HeldLock | null = null;
  await untilDeadline(name, wait, async () => (held = await trySessionLock(space, name)) !== null);
  return held!;
}

/** The previous API: a two-int lock (class, key) tried on a handle's pool. */
export function tryAdvisoryLock(handle: DatabaseHandle, lockClass: number, key: LockKey): Promise<HeldLock | null> {
  return trySessionLock(lockSpaceOf(handle)!, { key, lockClass });
}

/**
 * A transaction-level lock inside `tx`, released at its commit or rollback: `'no'` tries once,
 * `{ timeoutMs }` tries again until the deadline. True when held. The wait keeps the
 * transaction's connection, so keep it short. On PGlite (one connection) it is always granted.
 */
export async function xactLock(tx: AppDatabase, name: LockName, wait: 'no' | WaitOptions): Promise<boolean> {
  const attempt = async () => {
    const [row] = await queryRows<{ locked: boolean }>(tx, sql`select pg_try_advisory_xact_lock(${keySql(name)}) as locked`);
    return row.locked === true;
  };
  if (wait === 'no') return attempt();
  try {
    await untilDeadline(name, wait, attempt);
    return true;
  } catch (error) {
    if (error instanceof LockTimeoutError) return false;
    throw error;
  }
}

/** `xactLock` with a bounded wait that throws LockTimeoutError instead of answering false. */
export async function xactLockOrThrow(tx: AppDatabase, name: LockName, wait: WaitOptions): Promise<void> {
  if (!await xactLock(tx, name, wait)) throw new LockTimeoutError(keyText(name), wait.timeoutMs);
}

async function untilDeadline(name: LockName, { timeoutMs, signal }: WaitOptions, attempt: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let pause = 25;
  for (;;) {
    signal?.throwIfAborted();
    if (await attempt()) return;
    const left = deadline - Date.now();
    if (left <= 0) throw new LockTimeoutError(keyText(name), timeoutMs);
    await sleep(Math.min(pause, left), signal);
    pause = Math.min(pause * 2, 500);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
