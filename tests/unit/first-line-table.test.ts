import { describe, expect, it } from 'vitest';
import { FirstLineTable, hashKey } from '@/lib/import/rows/first-line-table';
import { rowKey } from '@/lib/import/rows/repeated-rows';
import type { NormalizedRow } from '@/lib/import/rows/types';

describe('FirstLineTable', () => {
  it('answers 0 for a new key and the first line for a key seen before', () => {
    const table = new FirstLineTable();
    expect(table.firstLine('xA-1', 3)).toBe(0);
    expect(table.firstLine('xA-2', 4)).toBe(0);
    expect(table.firstLine('xA-1', 7)).toBe(3);
    expect(table.firstLine('xA-1', 9)).toBe(3);
    expect(table.size).toBe(2);
  });

  it('keeps keys apart whose hashes share a slot (same low bits, different high bits)', () => {
    const table = new FirstLineTable(8);
    // Same low half: every one probes from the same slot; the high half tells them apart.
    for (let i = 0; i < 5; i++) expect(table.firstLineOfHash(i + 1, 0x1234, 10 + i)).toBe(0);
    for (let i = 0; i < 5; i++) expect(table.firstLineOfHash(i + 1, 0x1234, 99)).toBe(10 + i);
    // Same high half, different low halves: different keys too.
    expect(table.firstLineOfHash(1, 0x1235, 50)).toBe(0);
    expect(table.firstLineOfHash(1, 0x1235, 51)).toBe(50);
  });

  it('treats equal 64-bit hashes as the same key (the documented false positive)', () => {
    const table = new FirstLineTable();
    expect(table.firstLineOfHash(0xdeadbeef, 0xcafebabe, 2)).toBe(0);
    expect(table.firstLineOfHash(0xdeadbeef | 0, 0xcafebabe | 0, 5)).toBe(2);
  });

  it('grows by doubling at three quarters full and keeps every first line', () => {
    const table = new FirstLineTable(16);
    expect(table.capacity).toBe(16);
    for (let line = 1; line <= 12; line++) table.firstLine(`x${line}`, line);
    expect(table.capacity).toBe(32);
    const count = 100_000;
    let seenBefore = 0;
    for (let line = 13; line <= count; line++) if (table.firstLine(`x${line}`, line) !== 0) seenBefore += 1;
    expect(seenBefore).toBe(0);
    expect(table.size).toBe(count);
    expect(table.capacity).toBe(2 ** 18); // 100,000 / 0.75 rounded up to a power of two
    for (let line = 1; line <= count; line += 997) expect(table.firstLine(`x${line}`, count + line)).toBe(line);
  });

  it('sized for a file, holds its keys without growing', () => {
    for (const keys of [1, 767, 768, 100_000, 786_432]) {
      const table = new FirstLineTable(FirstLineTable.slotsFor(keys));
      const capacity = table.capacity;
      for (let line = 1; line <= keys; line++) table.firstLine(`x${line}`, line);
      expect(table.size, `${keys} keys`).toBe(keys);
      expect(table.capacity, `${keys} keys`).toBe(capacity);
      // And no larger than growing would have made it.
      const grown = new FirstLineTable();
      for (let line = 1; line <= keys; line++) grown.firstLine(`x${line}`, line);
      expect(capacity, `${keys} keys`).toBeLessThanOrEqual(grown.capacity);
    }
  });

  it('refuses a line it cannot store', () => {
    const table = new FirstLineTable();
    expect(() => table.firstLine('x', 0)).toThrow(RangeError);
  });

  it('hashes to 64 bits that differ for close keys', () => {
    const a = [...hashKey('a@example.com')];
    const b = [...hashKey('b@example.com')];
    expect(a).not.toEqual(b);
    expect([...hashKey('a@example.com')]).toEqual(a);
  });
});

const row = (fields: Partial<NormalizedRow>): NormalizedRow => ({
  line: 2, externalId: null, values: {}, phoneDisplay: {}, customFields: {}, organization: null, deletedAt: null, ...fields,
});

describe('rowKey', () => {
  it('is the first identifier of the match-by order that has a value, normalised as the engine compares it', () => {
    expect(rowKey(row({ externalId: 'A-1', values: { workEmail: 'x@y.z' } }), ['externalId', 'workEmail'])).toEqual({ key: 'xA-1', identifier: 'externalId' });
    expect(rowKey(row({ values: { workEmail: 'Ann@Example.COM' } }), ['externalId', 'workEmail'])).toEqual({ key: 'eann@example.com', identifier: 'workEmail' });
    expect(rowKey(row({ values: { cellPhone: '+33612345678' } }), ['workEmail', 'cellPhone'])).toEqual({ key: 'p+33612345678', identifier: 'cellPhone' });
    expect(rowKey(row({ externalId: 'A-1' }), ['workEmail'])).toBeNull();
  });
});
