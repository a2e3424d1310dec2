import { describe, expect, it } from 'vitest';
import { countersFromOutcome, findCounterViolation } from '@/lib/import/jobs/counters';

const outcome = { inserted: 3, updated: 2, merged: 1, deleted: 1, unchanged: 4, skipped: 0, failed: 1 };

describe('job counters', () => {
  it('count imported, not imported and failed from the import outcome and the invalid rows', () => {
    expect(countersFromOutcome(2, outcome)).toEqual({
      imported: 10, notImported: 3, inserted: 3, updated: 2, merged: 1, deleted: 1, unchanged: 4, skipped: 0, failed: 3,
    });
  });

  it('hold the invariants of SPEC section 7 for a consistent job', () => {
    expect(findCounterViolation(13, countersFromOutcome(2, outcome))).toBeNull();
  });

  it('name the broken invariant', () => {
    expect(findCounterViolation(12, countersFromOutcome(2, outcome))).toMatch(/= 13, not the 12 rows in the file/);
    expect(findCounterViolation(13, { ...countersFromOutcome(2, outcome), imported: 9 }))
      .toMatch(/= 10, but imported is 9/);
    expect(findCounterViolation(13, { ...countersFromOutcome(2, outcome), failed: -1 })).toMatch(/failed is -1/);
    expect(findCounterViolation(13, { ...countersFromOutcome(2, outcome), skipped: -1 })).toMatch(/skipped is -1/);
  });

  it('count rows excluded in the workbench as not imported, beside the invalid ones', () => {
    // 20 rows: 10 imported, 2 invalid, 3 excluded, 1 refused at import (the outcome's failed), 4 valid skipped.
    const withExclusions = countersFromOutcome(2 + 3, { ...outcome, skipped: 4 });
    expect(withExclusions).toMatchObject({ imported: 10, skipped: 4, notImported: 6, failed: 6 });
    expect(findCounterViolation(20, withExclusions)).toBeNull();
    // Forgetting the excluded rows breaks the sum.
    expect(findCounterViolation(20, countersFromOutcome(2, { ...outcome, skipped: 4 }))).toMatch(/= 17, not the 20 rows/);
  });

  it('count skipped rows apart: imported + skipped + not imported = rows in the file', () => {
    const createOnly = countersFromOutcome(1, { ...outcome, updated: 0, merged: 0, deleted: 0, unchanged: 0, skipped: 7 });
    expect(createOnly).toMatchObject({ imported: 3, skipped: 7, notImported: 2, failed: 2 });
    expect(findCounterViolation(12, createOnly)).toBeNull();
    // Skipped rows counted as imported (or left out) break the sum.
    expect(findCounterViolation(12, { ...createOnly, skipped: 6 }))
      .toBe('imported 3 + skipped 6 + not imported 2 = 11, not the 12 rows in the file');
  });
});
