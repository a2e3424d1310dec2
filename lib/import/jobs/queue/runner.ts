import { eq } from 'drizzle-orm';
import type { AppDatabase, DatabaseHandle } from '../../../../db/client';
import { importJobs, type JobStep } from '../../../../db/schema';
import type { ImportSteps, StepOptions } from '../steps/step-contract';
import { startHeartbeat } from './heartbeat';
import { classifyStepError, type JobErrorCode } from '../job-errors';
import { tryLockJob, type JobLock } from '../job-lock';
import { trackRunningStep } from './local';
import {
  failFixing, failJob, failProjection, finishFixing, finishImport, finishValidation, releaseInterruptedJob,
  releaseInterruptedProjection, settleCancelledJob,
} from './outcomes';
import { enqueueStep, type RunnableStep, type StepMessage } from './queues';

export interface RunnerContext {
  handle: DatabaseHandle;
  steps: ImportSteps;
  heartbeatMs: number;
  /** Aborted when the worker stops: running steps stop after their current batch. */
  shutdown: AbortSignal;
  onStep?: (event: { jobId: string; step: RunnableStep; phase: 'start' | 'end'; result?: StepRunResult }) => void;
}

export type StepRunResult = 'done' | 'skipped' | 'busy' | 'cancelled' | 'interrupted';

/**
 * What the runner does around each step. The dry run (`projecting`) runs beside its job's steps,
 * not as one of them: its job waits validated, it has a lock of its own (a fix or the import is
 * not kept waiting), its heartbeat writes its own row, and neither its failure nor its stop
 * moves the job. A bulk fix that fails leaves the job validated, with what it committed.
 */
interface StepKind {
  /** The job's step while this runs. */
  jobStep: JobStep;
  beside: boolean;
  run(ctx: RunnerContext, jobId: string, options: StepOptions, stopHeartbeat: () => Promise<void>): Promise<void>;
  fail(db: AppDatabase, jobId: string, code: JobErrorCode): Promise<unknown>;
  release(db: AppDatabase, jobId: string): Promise<void>;
}

/**
 * A step the job stands in while it runs (validating, importing): its outcome moves the job on,
 * or, when the job was cancelled meanwhile, the cancellation is settled.
 */
function jobOwnStep<Outcome>(
  step: 'validating' | 'importing',
  runStep: (ctx: RunnerContext, jobId: string, options: StepOptions) => Promise<Outcome>,
  finish: (db: AppDatabase, jobId: string, outcome: Outcome) => Promise<string>,
): StepKind {
  return {
    jobStep: step, beside: false,
    async run(ctx, jobId, options, stopHeartbeat) {
      const outcome = await runStep(ctx, jobId, options);
      await stopHeartbeat();
      if (await finish(ctx.handle.db, jobId, outcome) === 'gone') await settleCancelledJob(ctx.handle.db, jobId);
    },
    fail: (db, jobId, code) => failJob(db, jobId, step, code),
    release: (db, jobId) => releaseInterruptedJob(db, jobId, step),
  };
}

const STEP_KINDS: Record<RunnableStep, StepKind> = {
  validating: jobOwnStep('validating', (ctx, jobId, options) => ctx.steps.validate(ctx.handle.db, jobId, options), finishValidation),
  fixing: {
    jobStep: 'fixing', beside: false,
    async run(ctx, jobId, options, stopHeartbeat) {
      await ctx.steps.applyFixes(ctx.handle.db, jobId, options);
      await stopHeartbeat();
      await finishFixing(ctx.handle.db, jobId);
    },
    fail: failFixing,
    release: (db, jobId) => releaseInterruptedJob(db, jobId, 'fixing'),
  },
  projecting: {
    jobStep: 'validated', beside: true,
    async run(ctx, jobId, options, stopHeartbeat) {
      await ctx.steps.project(ctx.handle.db, jobId, options);
      await stopHeartbeat();
    },
    fail: failProjection,
    release: releaseInterruptedProjection,
  },
  importing: jobOwnStep('importing', (ctx, jobId, options) => ctx.steps.importRows(ctx.handle.db, jobId, options), finishImport),
};

/** Runs one queued step of a job, unless another worker runs the job or it moved on already. */
export async function runStepMessage(ctx: RunnerContext, { jobId, step, attempt = 0 }: StepMessage): Promise<StepRunResult> {
  const { db } = ctx.handle;
  const lock = await lockJob(ctx.handle, jobId, STEP_KINDS[step].beside ? 'projection' : 'step');
  if (!lock) {
    // Still held after a while: a worker is busy with this job. Look again later, as long as the
    // job waits for this step (that worker may be one stopping, or finishing the step before).
    if (await isWaitingFor(ctx, jobId, step)) {
      await enqueueStep(db, jobId, step, { attempt: attempt + 1, delaySeconds: Math.min(30, 2 ** Math.min(attempt + 1, 5)) });
    }
    return 'busy';
  }
  let result: StepRunResult = 'skipped';
  try {
    if (await isWaitingFor(ctx, jobId, step)) result = await runLockedStep(ctx, jobId, step);
  } finally {
    await lock.release();
  }
  if (result === 'interrupted') await STEP_KINDS[step].release(db, jobId);
  return result;
}

/** The lock, waiting a moment for a worker handing the job over (it queued this very step). */
async function lockJob(handle: DatabaseHandle, jobId: string, purpose: 'step' | 'projection'): Promise<JobLock | null> {
  for (let i = 0; i < 10; i += 1) {
    const lock = await tryLockJob(handle, jobId, purpose);
    if (lock) return lock;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return null;
}

async function isWaitingFor(ctx: RunnerContext, jobId: string, step: RunnableStep): Promise<boolean> {
  const [job] = await ctx.handle.db.select({ status: importJobs.status, step: importJobs.step })
    .from(importJobs).where(eq(importJobs.id, jobId)).limit(1);
  return job?.status === 'running' && job.step === STEP_KINDS[step].jobStep;
}

async function runLockedStep(ctx: RunnerContext, jobId: string, step: RunnableStep): Promise<StepRunResult> {
  const { db } = ctx.handle;
  const controller = new AbortController();
  const onShutdown = () => controller.abort('shutdown');
  ctx.shutdown.addEventListener('abort', onShutdown);
  if (ctx.shutdown.aborted) onShutdown();
  const untrack = trackRunningStep(jobId, controller);
  const heartbeat = startHeartbeat(db, jobId, ctx.heartbeatMs, () => controller.abort('cancel'),
    STEP_KINDS[step].beside ? 'projection' : 'job');
  const options = { signal: controller.signal, onProgress: heartbeat.progress };
  ctx.onStep?.({ jobId, step, phase: 'start' });
  let result: StepRunResult = 'done';
  try {
    result = await runStep(ctx, jobId, step, controller, heartbeat, options);
    return result;
  } finally {
    untrack();
    ctx.shutdown.removeEventListener('abort', onShutdown);
    ctx.onStep?.({ jobId, step, phase: 'end', result });
  }
}

async function runStep(
  ctx: RunnerContext, jobId: string, step: RunnableStep, controller: AbortController,
  heartbeat: ReturnType<typeof startHeartbeat>, options: StepOptions,
): Promise<StepRunResult> {
  const { db } = ctx.handle;
  try {
    await STEP_KINDS[step].run(ctx, jobId, options, () => heartbeat.stop());
    return 'done';
  } catch (error) {
    await heartbeat.stop();
    if (controller.signal.aborted) return afterAbort(ctx, jobId);
    // The error's own text (PostgreSQL's words, the stack) is for the server log only: the job
    // keeps a stable code and its translated message (job-errors.ts).
    const code = classifyStepError(error, step);
    console.error(`import job ${jobId}: ${step} failed (${code})`, error);
    await STEP_KINDS[step].fail(db, jobId, code);
    return 'done';
  }
}

/** A step stopped on its signal: cancelled by the user, else its worker is stopping. */
async function afterAbort(ctx: RunnerContext, jobId: string): Promise<StepRunResult> {
  const [job] = await ctx.handle.db.select({ status: importJobs.status }).from(importJobs)
    .where(eq(importJobs.id, jobId)).limit(1);
  if (job?.status === 'cancelled') {
    await settleCancelledJob(ctx.handle.db, jobId);
    return 'cancelled';
  }
  return 'interrupted';
}
