#!/usr/bin/env node
/**
 * Web server for the Playwright e2e tests (started by playwright.config.ts `webServer`).
 *
 * - fresh temp PGlite data dir in PGLITE_DATA_DIR (deleted again on exit)
 * - ADMIN_EMAIL / ADMIN_PASSWORD as in tests/e2e/fixtures/admin.ts
 * - no NEXTAUTH_SECRET / NEXTAUTH_URL: the zero-configuration path of a new user (the server
 *   generates its secret and trusts the Host header)
 * - PORT = E2E_PORT or 3100, bound to 127.0.0.1
 * - runs `next build` first if .next/BUILD_ID is missing, then `next start`
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Keep in sync with tests/e2e/fixtures/admin.ts
const ADMIN_EMAIL = 'admin@example.com';
const ADMIN_PASSWORD = 'e2e-Admin-password-1';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const nextBin = path.join(root, 'node_modules', '.bin', 'next');
const port = String(process.env.E2E_PORT || 3100);
const host = '127.0.0.1';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-pglite-'));
const cleanup = () => fs.rmSync(tmp, { recursive: true, force: true });
process.on('exit', cleanup);

const env = {
  ...process.env,
  NODE_ENV: 'production',
  NEXT_TELEMETRY_DISABLED: '1',
  PGLITE_DATA_DIR: tmp,
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  PORT: port,
  HOSTNAME: host,
};

const log = (msg) => process.stderr.write(`[e2e-server] ${msg}\n`);

const distDir = process.env.NEXT_DIST_DIR || '.next';
if (!fs.existsSync(path.join(root, distDir, 'BUILD_ID'))) {
  log(`${distDir}/BUILD_ID missing: running next build first`);
  const build = spawnSync(nextBin, ['build'], { cwd: root, env, stdio: 'inherit' });
  if (build.status !== 0) {
    log(`next build failed (exit ${build.status ?? build.signal})`);
    process.exit(1);
  }
}

log(`next start on http://${host}:${port} (PGLITE_DATA_DIR=${tmp})`);
const child = spawn(nextBin, ['start', '-p', port, '-H', host], { cwd: root, env, stdio: 'inherit' });

let stopping = false;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    stopping = true;
    if (child.exitCode === null && child.signalCode === null) child.kill(sig);
    // Do not hang forever if next ignores the signal.
    setTimeout(() => {
      child.kill('SIGKILL');
      process.exit(1);
    }, 8000).unref();
  });
}

child.on('error', (err) => {
  log(`could not start next: ${err.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  if (!stopping) log(`next start exited (${code ?? signal})`);
  process.exit(stopping ? 0 : (code ?? 1));
});
