import { config } from '../../config';

/**
 * Wall time spent per phase of an import, summed over batches, for `npm run bench` to show where
 * the time goes. Off unless IMPORT_PHASE_TIMES=1: then each phase of a batch (never of a row)
 * costs two clock reads.
 */
const totals = new Map<string, number>();

export async function timePhase<T>(name: string, work: () => Promise<T>): Promise<T> {
  if (!config().IMPORT_PHASE_TIMES) return work();
  const started = performance.now();
  try {
    return await work();
  } finally {
    totals.set(name, (totals.get(name) ?? 0) + performance.now() - started);
  }
}

/** The totals so far, in seconds, and starts again from zero. */
export function takePhaseTimes(): Record<string, number> {
  const result = Object.fromEntries([...totals].map(([name, ms]) => [name, Math.round(ms) / 1000]));
  totals.clear();
  return result;
}
