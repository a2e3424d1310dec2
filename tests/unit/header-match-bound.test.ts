import { describe, expect, it } from 'vitest';
import {
  FUZZY_MAX_LENGTH, FUZZY_THRESHOLD, fuzzyCandidates, normaliseHeader, similarity, type HeaderComparator,
} from '@/lib/import/rows/header-match';
import { ALL_FIELDS } from '@/lib/import/rows/fields';
import { suggestMapping } from '@/lib/import/rows/mapping';

/** A comparator that records the longest header it was handed, then compares for real. */
function recordingComparator() {
  const seen = { calls: 0, longest: 0 };
  const compare: HeaderComparator = (header, name) => {
    seen.calls += 1;
    seen.longest = Math.max(seen.longest, header.length, name.length);
    return similarity(header, name);
  };
  return { seen, compare };
}

describe('fuzzy header matching is bounded', () => {
  it('the bound is the longest header that could still reach the threshold', () => {
    const longest = Math.max(...ALL_FIELDS.flatMap((f) => [f.header, ...f.aliases].map((n) => normaliseHeader(n).length)));
    expect(FUZZY_MAX_LENGTH).toBe(Math.floor(longest / FUZZY_THRESHOLD));
    // One letter more than the bound is more than 20 % longer than any field name.
    expect(1 - (FUZZY_MAX_LENGTH + 1 - longest) / (FUZZY_MAX_LENGTH + 1)).toBeLessThan(FUZZY_THRESHOLD);
  });

  it('never hands the comparator a header longer than the bound', () => {
    const { seen, compare } = recordingComparator();
    for (const length of [FUZZY_MAX_LENGTH, FUZZY_MAX_LENGTH + 1, 1000, 900_000]) {
      fuzzyCandidates('first name'.repeat(Math.ceil(length / 10)).slice(0, length), compare);
    }
    expect(seen.calls).toBeGreaterThan(0); // the one at the bound was compared
    expect(seen.longest).toBeLessThanOrEqual(FUZZY_MAX_LENGTH);
  });

  it('a 900 KB name costs no comparison at all and is left unmapped', () => {
    const { seen, compare } = recordingComparator();
    expect(fuzzyCandidates('e'.repeat(900_000), compare)).toEqual([]);
    expect(seen.calls).toBe(0);
    const huge = `Work Emial${'x'.repeat(900_000)}`;
    const started = performance.now();
    const mapping = suggestMapping(['External ID', huge, 'Frist Name']);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(mapping[huge]).toBeNull();
    expect(mapping['Frist Name']).toBe('firstName');
  });

  it('still finds typos within the bound', () => {
    const { compare } = recordingComparator();
    expect(fuzzyCandidates('Frist Name', compare).map((c) => c.key)).toContain('firstName');
    expect(fuzzyCandidates('Work Emial', compare).map((c) => c.key)).toContain('workEmail');
  });
});
