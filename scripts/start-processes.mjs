// Which processes `npm start` runs (scripts/start.mjs), from the environment alone.

/**
 * With PostgreSQL and RUN_WORKER unset, imports run in a worker process beside the web server
 * (nice'd, see JOB_WORKER_NICE), so a long import never holds the event loop that draws pages.
 * RUN_WORKER=1 keeps the worker inside the web server, RUN_WORKER=0 runs none (workers elsewhere).
 * The embedded PGlite database belongs to one process: the web server runs its jobs itself.
 */
export function startProcesses(env) {
  const separateWorker = Boolean(env.DATABASE_URL) && (env.RUN_WORKER ?? '') === '';
  return {
    separateWorker,
    webEnv: separateWorker ? { ...env, RUN_WORKER: '0' } : env,
  };
}
