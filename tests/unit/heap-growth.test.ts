import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { readConfig } from '@/lib/config';
import { readJobRunnerConfig } from '@/lib/import/jobs/queue/config';

const run = promisify(execFile);

async function peakHeap(percent: number): Promise<number> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'tests/support/heap-churn.ts', String(percent)]);
  return (JSON.parse(stdout) as { peak: number }).peak;
}

describe('heap growth of a process that runs imports', () => {
  it('defaults to 100% and can be set or left to V8 from the environment', () => {
    const growth = (value: string | undefined) =>
      readJobRunnerConfig(readConfig({ IMPORT_HEAP_GROWTH_PERCENT: value })).heapGrowthPercent;
    expect(growth(undefined)).toBe(100);
    expect(growth('50')).toBe(50);
    expect(growth('0')).toBe(0);
    expect(() => growth('lots')).toThrow(/IMPORT_HEAP_GROWTH_PERCENT must be a whole number from 0 to 10000/);
    expect(() => growth('-5')).toThrow(/IMPORT_HEAP_GROWTH_PERCENT/);
  });

  // The setting is given to V8 while the process runs (Node refuses it in NODE_OPTIONS): this
  // shows V8 takes it then, with a workload that keeps 40 MB alive and makes garbage fast.
  it('keeps the heap of a garbage-making process well below what V8 lets it reach on its own', async () => {
    const [limited, unlimited] = await Promise.all([peakHeap(100), peakHeap(0)]);
    expect(limited).toBeGreaterThan(40 * 2 ** 20);
    expect(limited).toBeLessThan(unlimited * 0.75);
  }, 60_000);
});
