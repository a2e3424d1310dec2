import { sql } from 'drizzle-orm';
import { queryRows, type AppDatabase } from '../../../../db/client';
import { enqueueStep, wakeWorkersFor, type RunnableStep } from './queues';

/**
 * Jobs running a step whose heartbeat stopped (their worker died, or shut down and cleared it)
 * are queued again. The heartbeat is set as they are claimed, so of several workers checking at
 * once one takes each job, and a job waits a whole stale period before being claimed again.
 * The steps are resumable, and a job's lock keeps two workers from running it at once.
 */
export async function recoverStaleJobs(db: AppDatabase, staleSeconds: number): Promise<string[]> {
  const recovered = await db.transaction(async (tx) => {
    const rows = await queryRows<{ id: string; step: RunnableStep }>(tx, sql`
      update import_jobs set heartbeat_at = now()
      where id in (
        select id from import_jobs
        where status = 'running' and step in ('validating', 'fixing', 'importing')
          and (heartbeat_at is null or heartbeat_at < now() - ${staleSeconds}::float8 * interval '1 second')
        for update skip locked)
      returning id, step`);
    for (const row of rows) await enqueueStep(tx, row.id, row.step);
    // Validated jobs whose dry run is missing, out of date (and not running), or lost its worker.
    const projections = await queryRows<{ id: string; step: RunnableStep }>(tx, sql`
      select j.id, 'projecting' as step from import_jobs j left join job_projections p on p.job_id = j.id
      where j.status = 'running' and j.step = 'validated'
        and (p.job_id is null
          or (p.status <> 'running' and p.fix_version < j.fix_version)
          or (p.status = 'running' and (p.heartbeat_at is null
            or p.heartbeat_at < now() - ${staleSeconds}::float8 * interval '1 second')))
      for update of j skip locked`);
    for (const row of projections) {
      await tx.execute(sql`update job_projections set heartbeat_at = now() where job_id = ${row.id} and status = 'running'`);
      await enqueueStep(tx, row.id, 'projecting');
    }
    return [...rows, ...projections];
  });
  for (const step of new Set(recovered.map((row) => row.step))) wakeWorkersFor(step);
  if (recovered.length > 0) console.warn(`Job runner: queued again ${recovered.length} job(s) whose worker stopped`);
  return recovered.map((row) => row.id);
}
