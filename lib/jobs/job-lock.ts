import { tryAdvisoryLock, type HeldLock } from '../../db/advisory-lock';
import type { DatabaseHandle } from '../../db/client';

export type JobLock = HeldLock;

const LOCK_CLASS = 727_200;

// PGlite lives in one process (the one that owns its data folder), so a set of the jobs running
// in it is a complete lock; per PGlite instance, as tests open several in one process.
const heldOnPglite = new WeakMap<object, Set<string>>();

/**
 * Takes the job's lock, or returns null when another worker runs it. On PostgreSQL a session
 * advisory lock on a connection set aside for the step: it goes away with the connection should
 * the worker die, so a crashed worker never blocks the job.
 */
export async function tryLockJob(handle: DatabaseHandle, jobId: string): Promise<JobLock | null> {
  if (handle.driver === 'pglite') {
    const held = heldOnPglite.get(handle.pglite!) ?? new Set<string>();
    heldOnPglite.set(handle.pglite!, held);
    if (held.has(jobId)) return null;
    held.add(jobId);
    return { release: async () => { held.delete(jobId); } };
  }
  return tryAdvisoryLock(handle, LOCK_CLASS, { hashOf: jobId });
}
