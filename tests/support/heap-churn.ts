// A child process for heap-growth.test.ts: keeps about 40 MB alive while it makes garbage and
// replaces part of what it keeps, as an import does, then prints the largest heap it used.
// Argument: the heap growth percent given to limitHeapGrowth (0: V8's own choice).
import v8 from 'node:v8';
import { limitHeapGrowth } from '../../lib/import/jobs/queue/heap-growth';

limitHeapGrowth(Number(process.argv[2]));
const live: unknown[] = [];
for (let i = 0; i < 400_000; i += 1) live.push({ name: `kept-${i}`.padEnd(24, 'x'), values: [i, i + 1] });
let peak = 0;
let last: unknown;
for (let round = 0; round < 120; round += 1) {
  const garbage: unknown[] = [];
  for (let i = 0; i < 20_000; i += 1) garbage.push({ name: `row-${i}`.padEnd(34, 'y'), values: [i, i * 2, i * 3] });
  last = garbage;
  for (let i = 0; i < 20_000; i += 1) live[(round * 20_000 + i) % live.length] = { name: `new-${i}`.padEnd(24, 'z'), values: [i] };
  peak = Math.max(peak, v8.getHeapStatistics().used_heap_size);
}
// `kept` and `last` are printed only so that what the loop builds stays in use.
process.stdout.write(`${JSON.stringify({ peak, kept: live.length, last: (last as unknown[]).length })}\n`);
