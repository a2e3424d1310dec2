import type { DatabaseHandle } from '../../../../db/client';
import { startDropFolderIfEnabled } from '../../drop-folder/watcher';
import { startJobWorker, type JobWorker, type JobWorkerOptions } from './worker';

/**
 * What a process that runs jobs does in the background: the job worker and, when
 * IMPORT_WATCH_DIR is set, the drop folder's watcher, which starts the jobs it finds. Both the
 * web server's own worker (in-process.ts) and `npm run worker` start them here, and only here.
 */
export async function startBackgroundWork(handle: DatabaseHandle, options: JobWorkerOptions = {}): Promise<JobWorker> {
  const worker = await startJobWorker(handle, options);
  const dropFolder = startDropFolderIfEnabled(handle);
  return {
    stop: async () => {
      await Promise.all([worker.stop(), dropFolder?.stop()]);
    },
  };
}
