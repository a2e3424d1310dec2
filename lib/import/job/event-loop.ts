/**
 * Lets timers and network I/O run. PGlite executes in this thread and answers through promises
 * only, so a step that queries it in a loop would otherwise keep every request of the app (and
 * the job's own heartbeat) waiting until the step ends.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
