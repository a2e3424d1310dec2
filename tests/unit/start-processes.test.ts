import { describe, expect, it } from 'vitest';
import { startProcesses } from '../../scripts/start-processes.mjs';

describe('npm start: which processes run the imports', () => {
  it('with PostgreSQL, a worker process beside a web server that runs none itself', () => {
    const plan = startProcesses({ DATABASE_URL: 'postgres://db/contacts', PORT: '3000' });
    expect(plan.separateWorker).toBe(true);
    expect(plan.webEnv).toMatchObject({ RUN_WORKER: '0', DATABASE_URL: 'postgres://db/contacts', PORT: '3000' });
  });

  it('RUN_WORKER=1 keeps the worker in the web server; RUN_WORKER=0 runs none here', () => {
    for (const RUN_WORKER of ['1', '0']) {
      const plan = startProcesses({ DATABASE_URL: 'postgres://db/contacts', RUN_WORKER });
      expect(plan.separateWorker).toBe(false);
      expect(plan.webEnv.RUN_WORKER).toBe(RUN_WORKER);
    }
  });

  it('with the embedded PGlite, the web server alone (one process may open its folder)', () => {
    const plan = startProcesses({});
    expect(plan.separateWorker).toBe(false);
    expect(plan.webEnv.RUN_WORKER).toBeUndefined();
  });
});
