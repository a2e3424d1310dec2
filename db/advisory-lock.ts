import type { DatabaseHandle } from './client';

export interface HeldLock {
  release(): Promise<void>;
}

type Connection = Awaited<ReturnType<NonNullable<DatabaseHandle['postgres']>['reserve']>>;

/** A lock key: a number, or a text the database hashes (hashtext), as SQL taking the same lock does. */
export type LockKey = number | { hashOf: string };

const tryLock = (c: Connection, lockClass: number, key: LockKey) => (typeof key === 'number'
  ? c`select pg_try_advisory_lock(${lockClass}, ${key}::int4) as locked`
  : c`select pg_try_advisory_lock(${lockClass}, hashtext(${key.hashOf})) as locked`);

const unlock = (c: Connection, lockClass: number, key: LockKey) => (typeof key === 'number'
  ? c`select pg_advisory_unlock(${lockClass}, ${key}::int4)`
  : c`select pg_advisory_unlock(${lockClass}, hashtext(${key.hashOf}))`);

/**
 * A PostgreSQL session advisory lock (class, key), tried without waiting, on a connection set
 * aside while it is held: the lock goes away with the connection should the process die, so a
 * crashed holder never blocks anyone. Null when someone else holds it. PostgreSQL only.
 */
export async function tryAdvisoryLock(handle: DatabaseHandle, lockClass: number, key: LockKey): Promise<HeldLock | null> {
  const connection = await handle.postgres!.reserve();
  try {
    const [{ locked }] = await tryLock(connection, lockClass, key);
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
        await unlock(connection, lockClass, key);
      } finally {
        connection.release();
      }
    },
  };
}
