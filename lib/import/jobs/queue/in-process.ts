import type { DatabaseHandle } from '../../../../db/client';
import { config } from '../../../config';
import { installJobQueues } from './boss';
import type { JobWorker } from './worker';
import { startBackgroundWork } from './background-work';

const key = Symbol.for('contacts-bulk-import.jobs.worker');
type GlobalWithWorker = typeof globalThis & { [key]?: Promise<JobWorker | null> };

/**
 * The web server's own worker: always with the embedded PGlite (nothing else may open its data
 * folder), and with PostgreSQL unless RUN_WORKER=0 (then `npm run worker` processes do the work,
 * and this server only queues jobs). Started once per process, however often Next.js loads this.
 */
export function startInProcessWorker(handle: DatabaseHandle): Promise<JobWorker | null> {
  const store = globalThis as GlobalWithWorker;
  store[key] ??= (async () => {
    try {
      if (handle.driver === 'postgres' && config().RUN_WORKER === '0') {
        await installJobQueues(handle);
        console.log('Job worker not started in the web server (RUN_WORKER=0): jobs run in `npm run worker` processes');
        return null;
      }
      const worker = await startBackgroundWork(handle);
      console.log('Job worker started in the web server');
      return worker;
    } catch (error) {
      console.error('The job worker could not start: imports will wait in the queue', error);
      delete store[key];
      return null;
    }
  })();
  return store[key];
}
