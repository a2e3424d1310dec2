import {
  LockTimeoutError, lockSpaceOf, sessionLock, trySessionLock, xactLock, xactLockOrThrow, type HeldLock, type LockName,
} from '../../../db/advisory-lock';
import type { AppDatabase, DatabaseHandle } from '../../../db/client';
import { DomainError } from '../../actions/result';
import { config } from '../../config';

export type JobLock = HeldLock;

// Lock classes (two-int form): 727100 test template, 727200 jobs, 727300 drop folder scan,
// 727400 changes to a division's contacts other than imports (revert, clear source).
const LOCK_CLASS = 727_200;
const DIVISION_CHANGE_CLASS = 727_400;

/**
 * Takes the job's lock, or returns null when another worker runs it. On PostgreSQL a session
 * advisory lock on a connection set aside for the step: it goes away with the connection should
 * the worker die, so a crashed worker never blocks the job. On PGlite, a lock in memory.
 * The dry run (`projection`) has a lock of its own: it writes nothing that lasts, and must not
 * keep the job's own steps (a fix, the import) waiting.
 */
export function tryLockJob(handle: DatabaseHandle, jobId: string, purpose: 'step' | 'projection' = 'step'): Promise<JobLock | null> {
  return trySessionLock(lockSpaceOf(handle)!, {
    lockClass: LOCK_CLASS, key: { hashOf: purpose === 'projection' ? `projection:${jobId}` : jobId },
  });
}

// The division's import lock is taken only here: by an import step for all its batches, by a
// batch the engine runs outside a step, and (tried, never waited for) by a revert or a clear.

/** The lock an import holds on its division from its first batch to its last (one-bigint form). */
export const divisionImportLock = (divisionId: string): LockName => ({ key: { hashOf: `import:${divisionId}` } });

/** How long an import waits for its division while another import, a revert or a clear has it. */
export function importDivisionWaitMs(): number {
  return config().IMPORT_DIVISION_WAIT_SECONDS * 1000;
}

/** The division for one batch's transaction, when no import step holds it already. */
export function lockDivisionForBatch(tx: AppDatabase, divisionId: string): Promise<void> {
  return xactLockOrThrow(tx, divisionImportLock(divisionId), { timeoutMs: importDivisionWaitMs() });
}

/** Taken by a revert or a clear first, so that two of them in one division take turns briefly. */
const divisionChangeLock = (divisionId: string): LockName => ({ lockClass: DIVISION_CHANGE_CLASS, key: { hashOf: divisionId } });

/** How long a revert or clear waits for another revert or clear in the same division. */
const CHANGE_WAIT_MS = 10_000;

/**
 * The division for an import step, held until released; waits at most IMPORT_DIVISION_WAIT_SECONDS
 * (a LockTimeoutError then fails the step) and stops waiting when `signal` aborts (cancel, shutdown).
 */
export async function lockDivisionForImport(db: AppDatabase, divisionId: string, signal: AbortSignal): Promise<HeldLock> {
  const space = lockSpaceOf(db);
  if (!space) throw new Error('an import step needs the database, not a transaction');
  return sessionLock(space, divisionImportLock(divisionId), { timeoutMs: importDivisionWaitMs(), signal });
}

/**
 * Runs `body` in a transaction holding the division against imports: refused at once with a 409
 * (`errors.importRunningInDivision`) while an import runs there, instead of queueing behind it
 * (an import holds the division for minutes, and each request waiting would hold a pool
 * connection). Another revert or clear in the division is waited for, 10 s at most
 * (`errors.divisionBusy` after). Imports started meanwhile wait for the transaction to end.
 *
 * `db` is the database or a caller's transaction; with a transaction on PGlite the in-memory
 * part cannot be taken (PGlite runs that transaction alone anyway).
 */
export async function inDivisionChange<T>(db: AppDatabase, divisionId: string, body: (tx: AppDatabase) => Promise<T>): Promise<T> {
  const space = lockSpaceOf(db);
  if (space?.driver !== 'pglite') {
    return db.transaction(async (tx) => {
      if (!await xactLock(tx, divisionChangeLock(divisionId), { timeoutMs: CHANGE_WAIT_MS })) throw divisionBusy();
      if (!await xactLock(tx, divisionImportLock(divisionId), 'no')) throw importRunning();
      return body(tx);
    });
  }
  // PGlite runs one transaction at a time: the locks in memory are taken before it opens, or a
  // revert waiting inside its transaction would keep the one it waits for from finishing.
  const change = await sessionLock(space, divisionChangeLock(divisionId), { timeoutMs: CHANGE_WAIT_MS })
    .catch((error: unknown) => { throw error instanceof LockTimeoutError ? divisionBusy() : error; });
  try {
    const imports = await trySessionLock(space, divisionImportLock(divisionId));
    if (!imports) throw importRunning();
    try {
      return await db.transaction(body);
    } finally {
      await imports.release();
    }
  } finally {
    await change.release();
  }
}

const importRunning = () => new DomainError('errors.importRunningInDivision', 409);
const divisionBusy = () => new DomainError('errors.divisionBusy', 409);
