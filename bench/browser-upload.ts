/**
 * `npm run bench:browser`: the upload step with a large file in a real browser. Starts the app as
 * the e2e tests do (scripts/e2e-server.mjs: a build if none, a fresh PGlite database), signs in,
 * chooses a generated CSV and prints the time from choosing the file to the preview, the longest
 * main-thread stall (PerformanceObserver 'longtask') while the file uploads, and the upload speed
 * (until the server accepted the file: its checks and storage included). Figures only: nothing
 * here asserts a time.
 *
 * BENCH_UPLOAD_MB (300), BENCH_PORT (3290), NEXT_DIST_DIR (the build to start, as for e2e),
 * BENCH_UPLOAD_TIMEOUT_S (600: the upload is cancelled after this long, and the report says so),
 * CHROMIUM_PATH (/usr/bin/chromium).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../tests/e2e/fixtures/admin';

const MEGABYTES = Number(process.env.BENCH_UPLOAD_MB ?? 300);
const PORT = Number(process.env.BENCH_PORT ?? 3290);
const TIMEOUT_S = Number(process.env.BENCH_UPLOAD_TIMEOUT_S ?? 600);
const baseURL = `http://127.0.0.1:${PORT}`;
const root = path.resolve(import.meta.dirname, '..');

async function main() {
  const file = path.join(os.tmpdir(), `bench-browser-upload-${process.pid}.csv`);
  const server = startServer();
  try {
    const [size] = await Promise.all([writeCsv(file, MEGABYTES * 1024 * 1024), waitForServer(server)]);
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    try {
      const page = await (await browser.newContext({ baseURL, locale: 'en-US' })).newPage();
      await signIn(page);
      console.log(report(size, await measureUpload(page, file)));
    } finally {
      await browser.close();
    }
  } finally {
    server.kill('SIGTERM');
    await rm(file, { force: true });
  }
}

interface Figures { previewMs: number; stalls: number[]; uploadMs: number; finished: boolean }

async function measureUpload(page: Page, file: string): Promise<Figures> {
  await page.goto('/imports/new');
  await page.getByRole('heading', { level: 1, name: 'Upload' }).waitFor();
  // Buffered, and installed before the file is chosen; only tasks after the choice are counted.
  await page.evaluate(() => {
    const w = window as unknown as { longTasks: { start: number; duration: number }[] };
    w.longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  const chosenAt = await page.evaluate(() => performance.now());
  const started = Date.now();
  await page.getByLabel('CSV file').setInputFiles(file);
  await page.getByRole('table', { name: 'Preview' }).getByRole('row').nth(10).waitFor();
  const previewMs = Date.now() - started;
  const accepted = page.getByRole('status').filter({ hasText: 'File received and checked' });
  const refused = page.getByRole('main').getByRole('alert');
  const finished = await Promise.race([
    accepted.waitFor({ timeout: TIMEOUT_S * 1000 }).then(() => true),
    refused.waitFor({ timeout: TIMEOUT_S * 1000 }).then(async () => {
      throw new Error(`the upload was refused: ${await refused.textContent()}`);
    }),
  ]).catch(async (error: Error) => {
    if (!/Timeout/i.test(error.message)) throw error;
    await page.getByRole('button', { name: 'Cancel upload' }).click();
    return false;
  });
  const uploadMs = Date.now() - started;
  const stalls = await page.evaluate((after) => (window as unknown as { longTasks: { start: number; duration: number }[] })
    .longTasks.filter((task) => task.start >= after).map((task) => task.duration), chosenAt);
  return { previewMs, stalls, uploadMs, finished };
}

function report(bytes: number, { previewMs, stalls, uploadMs, finished }: Figures): string {
  const mb = bytes / (1024 * 1024);
  const longest = stalls.length ? Math.max(...stalls) : 0;
  const upload = finished
    ? `upload ${(mb / (uploadMs / 1000)).toFixed(1)} MB/s (${(uploadMs / 1000).toFixed(1)} s, server checks and storage included)`
    : `upload cancelled after ${TIMEOUT_S} s`;
  return `browser upload ${Math.round(mb)} MB: preview in ${previewMs} ms, longest main-thread stall ${Math.round(longest)} ms `
    + `(${stalls.length} long tasks over 50 ms), ${upload}`;
}

async function signIn(page: Page) {
  await page.goto('/signin');
  await page.getByLabel('E-mail').fill(ADMIN_EMAIL);
  await page.getByLabel('Password').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
}

function startServer(): ChildProcess {
  const server = spawn(process.execPath, [path.join(root, 'scripts', 'e2e-server.mjs')], {
    cwd: root, env: { ...process.env, E2E_PORT: String(PORT) }, stdio: ['ignore', 'ignore', 'inherit'],
  });
  server.on('exit', (code) => {
    if (code) console.error(`e2e server exited with ${code}`);
  });
  return server;
}

/** Any HTTP answer on the port: up (the first start may include a `next build`). */
async function waitForServer(server: ChildProcess, timeoutMs = 600_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error('the e2e server stopped');
    try {
      await fetch(baseURL, { redirect: 'manual' });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  throw new Error(`no server on ${baseURL} after ${timeoutMs / 1000} s`);
}

/** A contacts CSV of about `bytes` bytes, written line by line; returns its size. */
async function writeCsv(file: string, bytes: number): Promise<number> {
  const out = createWriteStream(file);
  let written = 0;
  const write = async (text: string) => {
    written += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  await write('External ID,First Name,Last Name,Work Email,Work Phone,City\n');
  for (let i = 0; written < bytes;) {
    let block = '';
    for (let j = 0; j < 10_000; j++, i++) {
      block += `BENCH-${i},Anna,Martin,anna.${i}@example.com,+1617555${String(i % 10_000).padStart(4, '0')},Boston\n`;
    }
    await write(block);
  }
  out.end();
  await once(out, 'finish');
  return written;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
