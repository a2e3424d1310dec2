import PgBoss from 'pg-boss';
import { sql } from 'drizzle-orm';
import { queryRows, type AppDatabase } from '../../../../db/client';
import { drizzleExecutor } from './executors';
import { wakeLocalWorkers } from './local';

export const BOSS_SCHEMA = 'pgboss';

/**
 * The steps a worker runs; each has its own queue. `fixing` re-validates the rows of the
 * workbench's bulk fixes; `projecting` is the dry run of a validated job (what the import will
 * change), which runs beside the job's step rather than as one (lib/import/jobs/steps/project-step.ts).
 */
export type RunnableStep = 'validating' | 'fixing' | 'projecting' | 'importing';

export const STEP_QUEUES: Record<RunnableStep, string> = {
  validating: 'import-validate',
  fixing: 'import-fix',
  projecting: 'import-project',
  importing: 'import-run',
};

export interface StepMessage {
  jobId: string;
  step: RunnableStep;
  /** How many times the message was put back because another worker held the job. */
  attempt?: number;
}

/**
 * Queue settings: 'short' keeps at most one queued (not yet started) message per singleton key,
 * so re-queuing a job that already waits is a no-op. A thrown handler (a lost database
 * connection, not a failed import: that one ends the job) is retried with backoff.
 */
export function queueOptions(expireSeconds: number): PgBoss.Queue {
  return {
    name: '', policy: 'short', retryLimit: 3, retryDelay: 5, retryBackoff: true, expireInSeconds: expireSeconds,
  };
}

// Sending needs no connection of its own: it runs on the caller's transaction.
let producer: PgBoss | undefined;
function getProducer(): PgBoss {
  producer ??= new PgBoss({
    db: { executeSql: () => Promise.reject(new Error('the job producer has no connection of its own')) },
    schema: BOSS_SCHEMA, supervise: false, schedule: false, migrate: false,
  });
  return producer;
}

/**
 * Queues a job's step in the given transaction (or database). A message already waiting for the
 * same job and step is kept instead. Call `wakeLocalWorkers` after the commit.
 */
export async function enqueueStep(
  db: AppDatabase,
  jobId: string,
  step: RunnableStep,
  options: { delaySeconds?: number; attempt?: number } = {},
): Promise<void> {
  const message: StepMessage = { jobId, step, attempt: options.attempt ?? 0 };
  const queue = STEP_QUEUES[step];
  try {
    const id = await getProducer().send(queue, message, {
      singletonKey: `${jobId}:${step}`,
      // A time, not a number of seconds: pg-boss sends the seconds as the text of a parameter it
      // also casts to a timestamp, which both drivers refuse ("date/time field value out of range").
      ...(options.delaySeconds ? { startAfter: new Date(Date.now() + Math.ceil(options.delaySeconds) * 1000) } : {}),
      db: drizzleExecutor(db),
    });
    // null: a message for this job and step already waits, or the queue does not exist.
    if (id === null && !(await queueExists(db, queue))) throw new Error(`queue ${queue} missing`, { cause: { code: '42P01' } });
  } catch (error) {
    const code = (error as { code?: string; cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code;
    if (code === '42P01' || code === '3F000') {
      throw new Error('The job queues are not installed: start a job worker (or call installJobQueues) first', { cause: error });
    }
    throw error;
  }
}

async function queueExists(db: AppDatabase, queue: string): Promise<boolean> {
  const rows = await queryRows(db, sql`select 1 from ${sql.identifier(BOSS_SCHEMA)}.queue where name = ${queue}`);
  return rows.length > 0;
}

export function wakeWorkersFor(step: RunnableStep): void {
  wakeLocalWorkers(STEP_QUEUES[step]);
}
