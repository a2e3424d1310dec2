import { describe, expect, it } from 'vitest';
import { toCappedPaged, toPaged } from '@/lib/paging';

describe('toCappedPaged', () => {
  it('is toPaged with totalIsCapped false when the total is exact', () => {
    expect(toCappedPaged([], 60, false, 1, 25)).toEqual({ ...toPaged([], 60, 1, 25), totalIsCapped: false });
    expect(toCappedPaged([], 0, false, 1, 25).pageCount).toBe(1);
  });

  it('runs the page count to the page holding item total + 1 when the total is capped', () => {
    expect(toCappedPaged([], 1000, true, 1, 25)).toMatchObject({ total: 1000, totalIsCapped: true, pageCount: 41 });
    expect(toCappedPaged([], 1000, true, 1, 30).pageCount).toBe(34);
    expect(toCappedPaged([], 1000, true, 1, 100).pageCount).toBe(11);
  });
});
