import type PgBoss from 'pg-boss';
import type { DatabaseHandle } from '../../../../db/client';
import type { ImportSteps } from '../steps/step-contract';
import { importSteps } from '../steps/steps';
import { createBoss, installQueues } from './boss';
import { readJobRunnerConfig, type JobRunnerConfig } from './config';
import { limitHeapGrowth } from './heap-growth';
import { onLocalEnqueue } from './local';
import { STEP_QUEUES, type RunnableStep, type StepMessage } from './queues';
import { recoverStaleJobs } from './recovery';
import { runStepMessage, type RunnerContext } from './runner';
import { runRetentionCleanup } from '../../upload/cleanup';
import { workJobEmails } from './email-queue';

export interface JobWorkerOptions {
  /** Defaults from the environment (readJobRunnerConfig). */
  config?: Partial<JobRunnerConfig>;
  /** PostgreSQL only: pg-boss's own connection; defaults to DATABASE_URL, else the app pool's settings. */
  connectionString?: string;
  /** The steps to run; the real ones unless a test observes them. */
  steps?: ImportSteps;
  /** Called as each step of a job starts and ends here (a worker process logs them). */
  onStep?: RunnerContext['onStep'];
}

export interface JobWorker {
  /** Stops taking jobs, stops running steps after their current batch, and waits for them. */
  stop(): Promise<void>;
}

// PGlite belongs to one process: the first worker there knows every running step lost its
// worker (this process restarted), without waiting for the heartbeat to grow stale.
const bootedPglites = new WeakSet<object>();

/** Retention (lib/import/upload/cleanup.ts): unused uploads, old files, old sign-in attempts. */
const UPLOAD_CLEANUP_EVERY_MS = 3600_000;

/**
 * A worker on this database, through pg-boss: any number of them, in any number of processes
 * and machines, share the queued steps; each job runs in one of them at a time.
 */
export async function startJobWorker(handle: DatabaseHandle, options: JobWorkerOptions = {}): Promise<JobWorker> {
  const config = { ...readJobRunnerConfig(), ...options.config };
  limitHeapGrowth(config.heapGrowthPercent);
  const boss = createBoss(handle, config, options.connectionString);
  boss.on('error', (error) => console.error('Job queue error', error));
  await boss.start();
  await installQueues(boss, config.expireSeconds);

  const shutdown = new AbortController();
  const ctx: RunnerContext = {
    handle, steps: options.steps ?? importSteps, heartbeatMs: config.heartbeatMs, shutdown: shutdown.signal,
    onStep: options.onStep,
  };
  const workerIds = await registerHandlers(boss, ctx, config.concurrency, config.pollingSeconds);
  // E-mails about jobs that ended (when SMTP_URL is set): sent here, after their job's commit.
  await workJobEmails(boss, handle.db, config.pollingSeconds);
  const stopWaking = onLocalEnqueue((queue) => {
    for (const id of workerIds.get(queue) ?? []) boss.notifyWorker(id);
  });

  const firstOnPglite = handle.driver === 'pglite' && !bootedPglites.has(handle.pglite!);
  if (firstOnPglite) bootedPglites.add(handle.pglite!);
  const recover = (staleSeconds: number) => recoverStaleJobs(handle.db, staleSeconds)
    .catch((error) => console.error('Job recovery failed', error));
  await recover(firstOnPglite ? 0 : config.staleSeconds);
  const recoveryMs = Math.min(30_000, Math.max(1000, (config.staleSeconds * 1000) / 2));
  const timer = setInterval(() => void recover(config.staleSeconds), recoveryMs);
  timer.unref?.();
  const cleanUploads = () => runRetentionCleanup(handle.db)
    .then((done) => {
      if (done.uploadsDeleted || done.jobFilesDeleted || done.signInAttemptsDeleted) console.log('Retention cleanup', done);
    })
    .catch((error) => console.error('Retention cleanup failed', error));
  void cleanUploads();
  const cleanupTimer = setInterval(() => void cleanUploads(), UPLOAD_CLEANUP_EVERY_MS);
  cleanupTimer.unref?.();

  let stopping: Promise<void> | undefined;
  return {
    stop() {
      stopping ??= (async () => {
        clearInterval(timer);
        clearInterval(cleanupTimer);
        stopWaking();
        shutdown.abort('shutdown');
        await boss.stop({ graceful: true, wait: true, timeout: 30_000 });
      })();
      return stopping;
    },
  };
}

async function registerHandlers(
  boss: PgBoss, ctx: RunnerContext, concurrency: number, pollingSeconds: number,
): Promise<Map<string, string[]>> {
  const ids = new Map<string, string[]>();
  for (const [step, queue] of Object.entries(STEP_QUEUES) as [RunnableStep, string][]) {
    const queueIds: string[] = [];
    for (let i = 0; i < concurrency; i += 1) {
      queueIds.push(await boss.work<StepMessage>(queue, { batchSize: 1, pollingIntervalSeconds: pollingSeconds },
        async ([job]) => ({ result: await runStepMessage(ctx, { ...job.data, step }) })));
    }
    ids.set(queue, queueIds);
  }
  return ids;
}
