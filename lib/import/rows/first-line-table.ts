/**
 * Remembers, for each key seen in a file, the line where it first appeared, in memory bounded by
 * construction: a key is kept as a 64-bit hash (two 32-bit halves in a Uint32Array) beside its
 * first line (an Int32Array), in an open-addressing table with linear probing that doubles when
 * three quarters full. Twelve bytes a slot: a million distinct keys fit in 2^21 slots, 24 MiB
 * (36 MiB for the moment of a doubling), whatever the length of the keys. A Map of strings would
 * hold every key's text for the whole file.
 *
 * Two different keys with the same 64-bit hash count as the same key: with a million keys the
 * chance that any two of them collide is about 3 in 100 million (n² / 2^65).
 */

const INITIAL_SLOTS = 1024;

export class FirstLineTable {
  private hashes: Uint32Array;
  /** The first line of the key in each slot; 0 is an empty slot (lines start at 1). */
  private lines: Int32Array;
  private mask: number;
  private count = 0;

  constructor(initialSlots = INITIAL_SLOTS) {
    const slots = 2 ** Math.max(1, Math.ceil(Math.log2(Math.max(2, initialSlots))));
    this.hashes = new Uint32Array(slots * 2);
    this.lines = new Int32Array(slots);
    this.mask = slots - 1;
  }

  /** The slots that hold `keys` keys without growing (at most three quarters full). */
  static slotsFor(keys: number): number {
    return Math.max(INITIAL_SLOTS, Math.floor((Math.max(0, keys) * 4) / 3) + 1);
  }

  /** Distinct keys held. */
  get size(): number {
    return this.count;
  }

  /** Slots allocated (a power of two). */
  get capacity(): number {
    return this.lines.length;
  }

  /** The key's first line if it was seen before; else remembers `line` for it and returns 0. */
  firstLine(key: string, line: number): number {
    const hash = hashKey(key);
    return this.firstLineOfHash(hash[0], hash[1], line);
  }

  /** As firstLine, for a key already hashed (tests build collisions with it). `line` is at least 1. */
  firstLineOfHash(high: number, low: number, line: number): number {
    if (!Number.isInteger(line) || line < 1 || line > 0x7fffffff) throw new RangeError(`line ${line} out of range`);
    let slot = (low ^ Math.imul(high, 0x9e3779b1)) & this.mask;
    for (;;) {
      const found = this.lines[slot];
      if (found === 0) break;
      if (this.hashes[slot * 2] === high >>> 0 && this.hashes[slot * 2 + 1] === low >>> 0) return found;
      slot = (slot + 1) & this.mask;
    }
    this.hashes[slot * 2] = high;
    this.hashes[slot * 2 + 1] = low;
    this.lines[slot] = line;
    this.count += 1;
    if (this.count * 4 >= this.lines.length * 3) this.grow();
    return 0;
  }

  private grow(): void {
    const oldHashes = this.hashes;
    const oldLines = this.lines;
    const slots = oldLines.length * 2;
    this.hashes = new Uint32Array(slots * 2);
    this.lines = new Int32Array(slots);
    this.mask = slots - 1;
    for (let i = 0; i < oldLines.length; i++) {
      if (oldLines[i] === 0) continue;
      const high = oldHashes[i * 2];
      const low = oldHashes[i * 2 + 1];
      let slot = (low ^ Math.imul(high, 0x9e3779b1)) & this.mask;
      while (this.lines[slot] !== 0) slot = (slot + 1) & this.mask;
      this.hashes[slot * 2] = high;
      this.hashes[slot * 2 + 1] = low;
      this.lines[slot] = oldLines[i];
    }
  }
}

const pair = new Uint32Array(2);

/**
 * A 64-bit hash of the text's UTF-16 units (two 32-bit multiply-xorshift lanes mixed together,
 * after cyrb53), as [high, low]. The returned array is reused by the next call.
 */
export function hashKey(text: string): Uint32Array {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ unit, 2654435761);
    h2 = Math.imul(h2 ^ unit, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  pair[0] = h1;
  pair[1] = h2;
  return pair;
}
