import { config, type AppConfig } from '../../../config';

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

/** The job runner's settings from the configuration (lib/config), which checked their ranges. */
export function readJobRunnerConfig(settings: AppConfig = config()): JobRunnerConfig {
  return {
    staleSeconds: settings.JOB_STALE_SECONDS,
    heartbeatMs: settings.JOB_HEARTBEAT_SECONDS * 1000,
    pollingSeconds: settings.JOB_POLLING_SECONDS,
    concurrency: settings.JOB_CONCURRENCY,
    expireSeconds: settings.JOB_EXPIRE_SECONDS,
    poolSize: settings.JOB_POOL_SIZE,
    heapGrowthPercent: settings.IMPORT_HEAP_GROWTH_PERCENT,
    workerNice: settings.JOB_WORKER_NICE,
  };
}
