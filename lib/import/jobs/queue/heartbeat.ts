import { sql } from 'drizzle-orm';
import { queryRows, type AppDatabase } from '../../../../db/client';

export interface Heartbeat {
  /** The step's progress callback: records, and writes at most about once a second. */
  progress(done: number, total: number): void;
  /** Stops the timer and writes the last progress. */
  stop(): Promise<void>;
}

const PROGRESS_WRITE_MS = 1000;

/**
 * While a step runs: heartbeat and progress on the job row every `intervalMs`, and a look at the
 * job's status, calling `onStopped` once the job is no longer running (cancelled). Writes are
 * never awaited by the step: it may call back from inside its own transaction, and on PGlite
 * (one connection) waiting there for another query would wait forever. `skip locked`: while a
 * batch transaction holds the job row on PostgreSQL, that beat is skipped rather than queued.
 */
export function startHeartbeat(
  db: AppDatabase, jobId: string, intervalMs: number, onStopped: () => void, target: 'job' | 'projection' = 'job',
): Heartbeat {
  let done = 0;
  let total = 0;
  let lastWrite = 0;
  let inFlight: Promise<void> | null = null;

  const write = async (checkStatus: boolean) => {
    lastWrite = Date.now();
    if (target === 'projection') {
      // The dry run's own row: the job row keeps its validation's progress.
      await queryRows(db, sql`update job_projections set heartbeat_at = now(), progress_done = ${done}, progress_total = ${total}
        where job_id = ${jobId} and status = 'running'`);
    } else {
      await queryRows(db, sql`update import_jobs set heartbeat_at = now(), progress_done = ${done}, progress_total = ${total}
        where id = (select id from import_jobs where id = ${jobId} and status = 'running' for update skip locked)`);
    }
    if (!checkStatus) return;
    const [job] = await queryRows<{ status: string; step: string | null }>(db,
      sql`select status, step from import_jobs where id = ${jobId}`);
    // A dry run stops as soon as its job moves on (to a fix, to the import) or ends.
    const stopped = target === 'projection' ? !(job?.status === 'running' && job.step === 'validated') : job?.status !== 'running';
    if (stopped) onStopped();
  };
  const kick = (checkStatus: boolean) => {
    inFlight ??= write(checkStatus)
      .catch((error) => console.error(`import job ${jobId}: heartbeat failed`, error))
      .finally(() => { inFlight = null; });
    return inFlight;
  };
  const timer = setInterval(() => void kick(true), intervalMs);
  timer.unref?.();

  return {
    progress(d, t) {
      done = d;
      total = t;
      if (Date.now() - lastWrite >= PROGRESS_WRITE_MS) void kick(false);
    },
    async stop() {
      clearInterval(timer);
      while (inFlight) await inFlight;
      await kick(false);
    },
  };
}
