import PgBoss from 'pg-boss';
import type { DatabaseHandle } from '../../../../db/client';
import { config as appConfig } from '../../../config';
import { readJobRunnerConfig, type JobRunnerConfig } from './config';
import { pgliteExecutor } from './executors';
import { BOSS_SCHEMA, STEP_QUEUES, queueOptions } from './queues';
import { JOB_EMAIL_QUEUE, emailQueueOptions } from './email-queue';

/**
 * A pg-boss instance for this database: on PGlite it shares the process's single instance
 * (PGlite serialises the queries); on PostgreSQL it has its own small `pg` pool, from
 * `connectionString`, else DATABASE_URL, else the settings of the app's own pool.
 */
export function createBoss(
  handle: DatabaseHandle,
  config: Pick<JobRunnerConfig, 'pollingSeconds' | 'poolSize'>,
  connectionString?: string,
): PgBoss {
  const common = {
    schema: BOSS_SCHEMA,
    schedule: false,
    pollingIntervalSeconds: config.pollingSeconds,
    maintenanceIntervalSeconds: 60,
  };
  if (handle.driver === 'pglite') return new PgBoss({ ...common, db: pgliteExecutor(handle.pglite!) });
  const url = connectionString ?? appConfig().DATABASE_URL ?? urlFromPool(handle);
  return new PgBoss({ ...common, connectionString: url, max: config.poolSize, application_name: 'contacts-bulk-import-jobs' });
}

function urlFromPool(handle: DatabaseHandle): string {
  const options = handle.postgres?.options;
  if (!options) throw new Error('no PostgreSQL connection settings for the job queue');
  const url = new URL('postgres://localhost');
  url.hostname = options.host[0];
  url.port = String(options.port[0]);
  url.pathname = `/${options.database}`;
  url.username = options.user;
  if (typeof options.pass === 'string') url.password = options.pass;
  return url.toString();
}

/** Creates pg-boss's tables (schema `pgboss`), our two step queues and the e-mail queue; safe to run again and at once. */
export async function installQueues(boss: PgBoss, expireSeconds: number): Promise<void> {
  for (const name of Object.values(STEP_QUEUES)) {
    await boss.createQueue(name, { ...queueOptions(expireSeconds), name });
    await boss.updateQueue(name, { ...queueOptions(expireSeconds), name });
  }
  await boss.createQueue(JOB_EMAIL_QUEUE, emailQueueOptions());
  await boss.updateQueue(JOB_EMAIL_QUEUE, emailQueueOptions());
}

/**
 * For a process that queues jobs without running a worker (RUN_WORKER=0, a test): jobs can be
 * queued only once this, or a worker's start, created the queues.
 */
export async function installJobQueues(
  handle: DatabaseHandle, config: JobRunnerConfig = readJobRunnerConfig(), connectionString?: string,
): Promise<void> {
  const boss = createBoss(handle, config, connectionString);
  await boss.start();
  try {
    await installQueues(boss, config.expireSeconds);
  } finally {
    await boss.stop({ graceful: false });
  }
}
