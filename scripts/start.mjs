#!/usr/bin/env node
// `npm start`: builds once when there is no build yet, then serves the app. The database is
// migrated and seeded by the server itself at start-up (instrumentation.ts).
import { existsSync } from 'node:fs';
import { spawnSync, spawn } from 'node:child_process';
import path from 'node:path';

process.env.NEXT_TELEMETRY_DISABLED ??= '1';
const next = path.join(process.cwd(), 'node_modules', '.bin', 'next');

if (!existsSync(path.join(process.cwd(), '.next', 'BUILD_ID')) || process.argv.includes('--build')) {
  console.log('No build found: running `next build` first (once).');
  const build = spawnSync(next, ['build'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const port = process.env.PORT ?? '3000';
const host = process.env.HOSTNAME ?? '0.0.0.0';
const server = spawn(next, ['start', '-p', port, '-H', host], { stdio: 'inherit' });
console.log(`Starting on http://localhost:${port}`);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
