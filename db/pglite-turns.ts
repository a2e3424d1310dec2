import type { PGlite } from '@electric-sql/pglite';

/** The longest stretch of back-to-back PGlite queries before timers and I/O get a turn. */
const SLICE_MS = 20;

const sharing = new WeakSet<PGlite>();

/**
 * PGlite runs PostgreSQL in this thread and answers through promises alone, so a loop of queries
 * never lets the event loop turn: every request of the app, every timer (a job's heartbeat, a
 * wait's timeout) and every message waits until the loop ends, however long it runs. Every
 * statement, inside a transaction or not, goes through `execProtocolRaw`; once the queries have
 * held the thread for SLICE_MS, the next one first lets the event loop turn once.
 */
export function shareTheThread(pglite: PGlite): PGlite {
  if (sharing.has(pglite)) return pglite;
  sharing.add(pglite);
  const execute = pglite.execProtocolRaw.bind(pglite);
  let heldSince = performance.now();
  pglite.execProtocolRaw = async (...args: Parameters<PGlite['execProtocolRaw']>) => {
    if (performance.now() - heldSince > SLICE_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      heldSince = performance.now();
    }
    return execute(...args);
  };
  return pglite;
}
