import { describe, expect, it } from 'vitest';
import { dryRunWaitSeconds, PGLITE_QUIET_ROWS, QUIET_SECONDS } from '@/lib/import/jobs/projection/quiet-period';

describe('when the dry run starts', () => {
  it('on PGlite, for a large file, waits until the last fix is QUIET_SECONDS old', () => {
    expect(dryRunWaitSeconds('pglite', PGLITE_QUIET_ROWS, 0)).toBe(QUIET_SECONDS);
    expect(dryRunWaitSeconds('pglite', PGLITE_QUIET_ROWS * 5, 3.2)).toBe(Math.ceil(QUIET_SECONDS - 3.2));
    expect(dryRunWaitSeconds('pglite', PGLITE_QUIET_ROWS, QUIET_SECONDS)).toBe(0);
    expect(dryRunWaitSeconds('pglite', PGLITE_QUIET_ROWS, QUIET_SECONDS * 10)).toBe(0);
  });

  it('starts at once after validation (no fix yet), for a small file, and on PostgreSQL', () => {
    expect(dryRunWaitSeconds('pglite', PGLITE_QUIET_ROWS * 5, null)).toBe(0);
    expect(dryRunWaitSeconds('pglite', PGLITE_QUIET_ROWS - 1, 0)).toBe(0);
    expect(dryRunWaitSeconds('postgres', PGLITE_QUIET_ROWS * 5, 0)).toBe(0);
  });
});
