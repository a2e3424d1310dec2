import { postgresProcessesCpuSeconds, postgresServerCpuSeconds } from './process-cpu';

/** Runs `fn` `iterations` times after a warm-up and returns nanoseconds per call (median of 5 runs). */
export function measure(fn: (i: number) => unknown, iterations: number): number {
  for (let i = 0; i < Math.min(iterations, 50_000); i++) fn(i);
  const runs: number[] = [];
  for (let run = 0; run < 5; run++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) fn(i);
    runs.push(Number(process.hrtime.bigint() - start) / iterations);
  }
  return runs.sort((a, b) => a - b)[2];
}

export function report(name: string, nsPerOp: number, extra = ''): void {
  console.log(`${name.padEnd(52)} ${nsPerOp.toFixed(0).padStart(7)} ns/op${extra ? `  ${extra}` : ''}`);
}

let serverDataDir: string | null = null;

/**
 * From now on, counts one PostgreSQL server's CPU (the benchmark's own cluster, by its data
 * folder) rather than every postgres process on the machine, where other servers' work (tests,
 * other benchmarks) would be counted, or go negative as their backends exit.
 */
export function countPostgresCpuOf(dataDir: string): void {
  serverDataDir = dataDir;
}

/**
 * CPU seconds used so far by the benchmark's PostgreSQL server and its backends (every process
 * named postgres when the server is not the benchmark's own, `DATABASE_URL`). With the import's
 * own CPU it tells which side of the pipe is the bottleneck.
 */
export const postgresCpuSeconds = (): number =>
  (serverDataDir ? postgresServerCpuSeconds(serverDataDir) : postgresProcessesCpuSeconds());
