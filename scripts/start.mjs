#!/usr/bin/env node
// `npm start`: builds once when there is no build yet, then serves the app. The database is
// migrated and seeded by the server itself at start-up (instrumentation.ts).
import { existsSync } from 'node:fs';
import { spawnSync, spawn } from 'node:child_process';
import path from 'node:path';
import { startProcesses } from './start-processes.mjs';

process.env.NEXT_TELEMETRY_DISABLED ??= '1';
const next = path.join(process.cwd(), 'node_modules', '.bin', 'next');

if (!existsSync(path.join(process.cwd(), '.next', 'BUILD_ID')) || process.argv.includes('--build')) {
  console.log('No build found: running `next build` first (once).');
  const build = spawnSync(next, ['build'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const port = process.env.PORT ?? '3000';
const host = process.env.HOSTNAME ?? '0.0.0.0';
const { separateWorker, webEnv } = startProcesses(process.env);
const children = [spawn(next, ['start', '-p', port, '-H', host], { stdio: 'inherit', env: webEnv })];
if (separateWorker) {
  // As `npm run worker` runs it: compiled to plain JavaScript, not through tsx (scripts/compiled.mjs).
  children.push(spawn(process.execPath, ['scripts/compiled.mjs', 'scripts/worker.ts'], { stdio: 'inherit', env: process.env }));
  console.log('Import jobs run in a worker process beside the web server (RUN_WORKER=1 runs them in the server itself)');
}
console.log(`Starting on http://localhost:${port}`);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => children.forEach((child) => child.kill(signal)));
// One process ending ends the other: a web server without its worker would queue imports forever.
for (const child of children) {
  child.on('exit', (code) => {
    for (const other of children) if (other !== child && other.exitCode === null) other.kill('SIGTERM');
    process.exitCode = code ?? 0;
  });
}
