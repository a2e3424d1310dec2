import { boundedMemo } from '../../../cache/bounded-memo';
import type { ImportJob } from '../lifecycle';

// A completed job's change rows and error rows never change again (a revert reads them, it
// writes conflicts elsewhere; only a failed or cancelled job may be retried), so their counts
// are worth keeping: the error counts read every error row of the job on every view of its page.
// (The change counts are cheap since migration 0013, runs and kept counts; kept here all the same.)
// Only `completed` is trusted: the worker sets it itself after its last batch, whereas a cancel
// or a failure may be recorded while a batch is still being committed. The key holds finishedAt,
// so a job that somehow ran again is counted afresh. Per process; bounded.

const memo = boundedMemo(500);

function keyOf(kind: string, job: Pick<ImportJob, 'id' | 'status' | 'finishedAt'>): string | null {
  return job.status === 'completed' && job.finishedAt ? `${kind}:${job.id}:${job.finishedAt.toISOString()}` : null;
}

/** `count()`'s answer, from the cache when the job is completed and it was counted before. */
export async function countOnceWhenCompleted<T>(
  kind: string, job: Pick<ImportJob, 'id' | 'status' | 'finishedAt'>, count: () => Promise<T>,
): Promise<T> {
  const key = keyOf(kind, job);
  return key === null ? count() : memo(key, count);
}
