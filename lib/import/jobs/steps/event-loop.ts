/**
 * Lets timers and network I/O run between two of a step's batches. A PGlite connection already
 * gives them a turn every 20 ms of queries (db/pglite-turns.ts); this turn also covers the step's
 * own work in JavaScript (parsing, validation), which no query interrupts.
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
