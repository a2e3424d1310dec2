/**
 * Lets timers and network I/O run. PGlite executes in this thread and answers through promises
 * only, so a step that queries it in a loop would otherwise keep every request of the app (and
 * the job's own heartbeat) waiting until the step ends.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * A short pause between two of an import's transactions on PGlite. One turn of the event loop
 * lets one waiting query in; a request runs several in a row (a job's status: user, access, job,
 * upload), and each would otherwise wait for a whole batch. A few milliseconds let the waiting
 * requests finish, at the cost of those milliseconds per batch.
 */
export function pauseForWaitingQueries(ms = 5): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
