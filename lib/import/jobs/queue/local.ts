// In-process shortcuts between the code that changes a job and the workers of the same process:
// a queued job wakes them at once instead of at their next poll, and a cancel aborts a step that
// runs here without waiting for its heartbeat. Other processes rely on polling alone. Kept on
// globalThis because Next.js may load this module once per route bundle.

type Waker = (queue: string) => void;
interface LocalState {
  wakers: Set<Waker>;
  running: Map<string, Set<AbortController>>;
}

const key = Symbol.for('contacts-bulk-import.jobs.local');
const store = globalThis as typeof globalThis & { [key]?: LocalState };
const state: LocalState = (store[key] ??= { wakers: new Set(), running: new Map() });

export function onLocalEnqueue(waker: Waker): () => void {
  state.wakers.add(waker);
  return () => state.wakers.delete(waker);
}

export function wakeLocalWorkers(queue: string): void {
  for (const waker of state.wakers) waker(queue);
}

export function trackRunningStep(jobId: string, controller: AbortController): () => void {
  const set = state.running.get(jobId) ?? new Set();
  set.add(controller);
  state.running.set(jobId, set);
  return () => {
    set.delete(controller);
    if (set.size === 0 && state.running.get(jobId) === set) state.running.delete(jobId);
  };
}

/** Aborts the steps of the job running in this process (the runner then reads the job's status). */
export function abortLocalSteps(jobId: string, reason: string): void {
  for (const controller of state.running.get(jobId) ?? []) controller.abort(reason);
}
