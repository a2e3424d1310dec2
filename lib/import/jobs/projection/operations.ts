import { z } from 'zod';
import { defineOperation } from '../../../actions/operation';
import { notFound } from '../../../actions/result';
import { findVisibleJob } from '../job-view';
import { JOB_READ_PERMISSIONS as READ, visibleJobDivision } from '../job-division';
import type { ImportSettings } from '../../rows/types';
import { findProjection, samplesOf } from './projection-store';
import { zeroCounts, type ProjectionView } from './types';


export const jobProjectionSchema = z.object({ jobId: z.uuid('errors.invalidInput') });


/**
 * What the import of a validated job will change, as its last dry run found it (the `projecting`
 * step): counters, a sample of each kind of change, and whether fixes made since left it stale.
 * `none` until a dry run has started.
 */
export const getJobProjection = defineOperation({
  name: 'getJobProjection',
  permission: READ,
  input: jobProjectionSchema,
  division: visibleJobDivision('read', ({ jobId }: { jobId: string }) => jobId),
  async run({ jobId }, ctx): Promise<ProjectionView> {
    const job = await findVisibleJob(ctx.db, ctx, jobId, 'read');
    if (!job) throw notFound();
    const row = await findProjection(ctx.db, jobId);
    const loadType = (job.profileSnapshot as Partial<ImportSettings> | null)?.loadType ?? 'upsert';
    // A dry run stops unfinished when its job moves on (to the import, a cancel): it never will finish.
    const abandoned = row?.status === 'running' && !(job.status === 'running' && (job.step === 'validated' || job.step === 'fixing'));
    if (!row || abandoned) {
      return {
        status: 'none', stale: false, fixVersion: job.fixVersion, progress: { done: 0, total: 0 }, counts: zeroCounts(),
        samples: samplesOf(undefined), errorCode: null, loadType,
      };
    }
    return {
      status: row.status,
      stale: row.fixVersion < job.fixVersion,
      fixVersion: row.fixVersion,
      progress: { done: row.progressDone, total: row.progressTotal },
      counts: {
        inserted: row.inserted, updated: row.updated, merged: row.merged, unchanged: row.unchanged,
        deleted: row.deleted, skipped: row.skipped, failed: row.failed, dropped: row.dropped,
      },
      samples: samplesOf(row),
      errorCode: row.errorCode,
      loadType,
    };
  },
});
