import { eq, sql } from 'drizzle-orm';
import { queryRows, type AppDatabase } from '../../../../db/client';
import { jobProjections, type ProjectionSamples } from '../../../../db/schema';
import { emptySamples, zeroCounts, type ProjectionCounts, type ProjectionSampleSet } from './types';

export type StoredProjection = typeof jobProjections.$inferSelect;

/**
 * The dry run starts (or starts over) at the job's fix version: the row says running, with no
 * counts yet, so a page never shows the figures of an older version as current.
 */
export async function startProjection(db: AppDatabase, jobId: string, fixVersion: number, total: number): Promise<void> {
  const zero = zeroCounts();
  await db.insert(jobProjections)
    .values({ jobId, fixVersion, status: 'running', progressDone: 0, progressTotal: total, ...zero, heartbeatAt: sql`now()` })
    .onConflictDoUpdate({
      target: jobProjections.jobId,
      set: {
        fixVersion, status: 'running', progressDone: 0, progressTotal: total, ...zero, samples: null, errorCode: null,
        startedAt: sql`now()`, finishedAt: null, heartbeatAt: sql`now()`,
      },
    });
}

/**
 * Stores what the dry run counted, unless the job's fixes moved on while it ran (its fix version
 * is no longer the one computed at): then false, and the caller asks for another run.
 */
export async function finishProjection(
  db: AppDatabase, jobId: string, fixVersion: number, counts: ProjectionCounts, samples: ProjectionSampleSet,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [job] = await queryRows<{ fix_version: number }>(tx,
      sql`select fix_version from import_jobs where id = ${jobId}`);
    if (!job || Number(job.fix_version) !== fixVersion) return false;
    await tx.update(jobProjections).set({
      ...counts, samples: samples as unknown as ProjectionSamples, status: 'done', errorCode: null,
      progressDone: sql`${jobProjections.progressTotal}`, finishedAt: sql`now()`, heartbeatAt: null,
    }).where(eq(jobProjections.jobId, jobId));
    return true;
  });
}

export async function findProjection(db: AppDatabase, jobId: string): Promise<StoredProjection | undefined> {
  const [row] = await db.select().from(jobProjections).where(eq(jobProjections.jobId, jobId)).limit(1);
  return row;
}

/** The stored samples, with every kind present (an older or missing row has none). */
export function samplesOf(row: StoredProjection | undefined): ProjectionSampleSet {
  return { ...emptySamples(), ...(row?.samples as Partial<ProjectionSampleSet> | null ?? {}) };
}
