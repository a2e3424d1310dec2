/** How the job runner behaves; every value can be set from the environment. */
export interface JobRunnerConfig {
  /** A running job whose heartbeat is older than this is taken over by another worker. */
  staleSeconds: number;
  /** How often a running step writes its heartbeat and progress and checks for cancellation. */
  heartbeatMs: number;
  /** How often idle workers look for queued jobs (other processes; this one is woken at once). */
  pollingSeconds: number;
  /** Jobs of each queue one worker runs at the same time. */
  concurrency: number;
  /** pg-boss gives up on a job that ran longer than this (backstop for lost workers). */
  expireSeconds: number;
  /** pg-boss connection pool size (PostgreSQL only). */
  poolSize: number;
  /** Heap growth between full collections, in percent of the live data (see heap-growth.ts); 0: V8's. */
  heapGrowthPercent: number;
  /**
   * The OS priority (nice, 0-19) a separate worker process (`npm run worker`) takes, so that on a
   * machine it shares with web servers a page is drawn before the next import batch; 0 keeps it.
   */
  workerNice: number;
}

function numberFrom(value: string | undefined, fallback: number, min: number): number {
  const parsed = Number(value);
  return value && Number.isFinite(parsed) && parsed >= min ? parsed : fallback;
}

export function readJobRunnerConfig(env: NodeJS.ProcessEnv = process.env): JobRunnerConfig {
  return {
    staleSeconds: numberFrom(env.JOB_STALE_SECONDS, 60, 1),
    heartbeatMs: numberFrom(env.JOB_HEARTBEAT_SECONDS, 5, 0.1) * 1000,
    pollingSeconds: numberFrom(env.JOB_POLLING_SECONDS, 1, 0.5),
    concurrency: Math.floor(numberFrom(env.JOB_CONCURRENCY, 1, 1)),
    // pg-boss refuses 24 hours or more.
    expireSeconds: Math.min(numberFrom(env.JOB_EXPIRE_SECONDS, 4 * 3600, 60), 23 * 3600),
    poolSize: Math.floor(numberFrom(env.JOB_POOL_SIZE, 4, 2)),
    heapGrowthPercent: Math.floor(numberFrom(env.IMPORT_HEAP_GROWTH_PERCENT, 100, 0)),
    workerNice: Math.min(19, Math.floor(numberFrom(env.JOB_WORKER_NICE, 10, 0))),
  };
}
