import { describe, expect, it } from 'vitest';
import { readJobRunnerConfig } from '@/lib/jobs/config';

const nice = (value: string | undefined) => readJobRunnerConfig({ ...process.env, JOB_WORKER_NICE: value }).workerNice;

describe('JOB_WORKER_NICE', () => {
  it('lowers a separate worker to nice 10 unless told otherwise', () => {
    expect(nice(undefined)).toBe(10);
    expect(nice('0')).toBe(0);
    expect(nice('5')).toBe(5);
  });

  it('keeps within what the OS accepts: 19 at most, the default for a value it cannot read', () => {
    expect(nice('40')).toBe(19);
    expect(nice('-5')).toBe(10);
    expect(nice('abc')).toBe(10);
  });
});
