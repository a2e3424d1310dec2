import v8 from 'node:v8';

/**
 * How far V8 lets the heap grow past the live data before its next full collection, for a
 * process that runs imports. An import keeps little alive (30 to 50 MB at a million rows) but
 * makes garbage fast, and left to itself V8 let the heap reach four to eight times the live data
 * (peak RSS of the 1M-row benchmark: 303 to 430 MB). At 100 (up to twice the live data) it read
 * 225 to 250 MB, at the same speed. A growth factor, not a cap: the heap still grows as far as the
 * live data needs, so no import runs out of memory because of it. 0 leaves V8's own choice.
 *
 * Set at run time: V8 reads this flag whenever it sets the next collection's limit, and Node
 * refuses it in NODE_OPTIONS.
 */
export function limitHeapGrowth(percent: number): void {
  if (percent > 0) v8.setFlagsFromString(`--heap-growing-percent=${Math.round(percent)}`);
}
