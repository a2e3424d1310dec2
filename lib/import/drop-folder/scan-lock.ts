import { lockSpaceOf, trySessionLock, type HeldLock } from '../../../db/advisory-lock';
import type { DatabaseHandle } from '../../../db/client';

export type ScanLock = HeldLock;

// One key for the whole database, not per path: workers on several machines may mount the same
// share under different paths. Lock classes: 727100 test template, 727200 jobs.
const LOCK_CLASS = 727_300;
const LOCK_KEY = 1;

/**
 * The right to scan the drop folder now, or null when another worker scans it: of several workers
 * on one PostgreSQL, one at a time takes files, so none is taken twice. A session advisory lock on
 * a connection set aside for the scan, released with it should the worker die. PGlite has one
 * process; the lock there keeps two scanners of that process apart.
 */
export function tryLockScan(handle: DatabaseHandle): Promise<ScanLock | null> {
  return trySessionLock(lockSpaceOf(handle)!, { lockClass: LOCK_CLASS, key: LOCK_KEY });
}
