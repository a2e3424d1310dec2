// `npm run worker`: a job worker on its own, for as many processes and machines as needed.
// Needs DATABASE_URL: the embedded PGlite belongs to the web server, which runs the jobs itself.
import os from 'node:os';
import { migrateDatabase, openDatabase } from '../db/client';
import { readJobRunnerConfig } from '../lib/import/jobs/queue/config';
import { startBackgroundWork } from '../lib/import/jobs/queue/background-work';
import { exitOnBadConfig } from '../lib/config';

const settings = exitOnBadConfig();
if (!settings.DATABASE_URL) {
  console.error('npm run worker needs DATABASE_URL (PostgreSQL). With the embedded PGlite database the web server runs the import jobs itself.');
  process.exit(1);
}

// Below the web servers' priority: an import may wait a moment, a person should not.
const { workerNice } = readJobRunnerConfig(settings);
try {
  if (workerNice > 0) os.setPriority(workerNice);
} catch (error) {
  console.warn(`Job worker ${process.pid}: could not lower its priority (JOB_WORKER_NICE=${workerNice}): ${(error as Error).message}`);
}

// Migrated, so a worker may start before the web server; seeding (the first admin) is the server's.
const handle = await openDatabase({ url: settings.DATABASE_URL });
await migrateDatabase(handle);
const worker = await startBackgroundWork(handle, {
  // One line per step, so an operator (and the scale-out test) sees which process ran what.
  onStep: ({ jobId, step, phase, result }) => console.log(`Job worker ${process.pid}: ${step} ${phase} ${jobId}${result ? ` (${result})` : ''}`),
});
console.log(`Job worker ${process.pid} started`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`Job worker ${process.pid}: stopping after the current batches`);
    void worker.stop()
      .then(() => handle.close())
      .then(() => process.exit(0), (error) => { console.error(error); process.exit(1); });
  });
}
