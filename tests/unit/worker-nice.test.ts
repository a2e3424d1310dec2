import { describe, expect, it } from 'vitest';
import { readConfig } from '@/lib/config';
import { readJobRunnerConfig } from '@/lib/import/jobs/queue/config';

const nice = (value: string | undefined) => readJobRunnerConfig(readConfig({ JOB_WORKER_NICE: value })).workerNice;

describe('JOB_WORKER_NICE', () => {
  it('lowers a separate worker to nice 10 unless told otherwise', () => {
    expect(nice(undefined)).toBe(10);
    expect(nice('0')).toBe(0);
    expect(nice('5')).toBe(5);
  });

  it('refuses what the OS would not accept (0 to 19) rather than guess', () => {
    for (const value of ['40', '-5', 'abc', '2.5']) {
      expect(() => nice(value)).toThrow(`JOB_WORKER_NICE must be a whole number from 0 to 19 (got "${value}")`);
    }
  });
});
