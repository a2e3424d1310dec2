import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { findFreePort, isPostgresAvailable, startPostgresCluster, type PostgresCluster } from '../support/postgres-cluster';
import { importThroughWizard } from './support/wizard-import';
import { uniqueTag } from './support/session';

// Issue 6, scale out: two web instances and a worker process on one PostgreSQL. A person signs in
// on one instance, runs the wizard on the other, a worker process (not the web servers) runs the
// job, and the first instance shows it completed.

const root = process.cwd();
const ADMIN = { email: 'scale-admin@example.com', password: 'scale-Admin-password-1' };

interface Started { child: ChildProcess; output: string[] }

function startProcess(args: string[], env: Record<string, string>): Started {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  for (const stream of [child.stdout!, child.stderr!]) stream.setEncoding('utf8').on('data', (chunk: string) => output.push(chunk));
  return { child, output };
}

async function waitForHttp(url: string, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url, { redirect: 'manual' })).status < 500) return;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) throw new Error(`${url} did not answer`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

test.describe('two web instances and a worker process on one PostgreSQL', () => {
  test.skip(!isPostgresAvailable(), 'needs the PostgreSQL 15 server binaries');
  let cluster: PostgresCluster;
  const processes: Started[] = [];
  let first = '';
  let second = '';

  test.beforeAll(async () => {
    test.setTimeout(240_000);
    cluster = await startPostgresCluster();
    const common = { DATABASE_URL: cluster.url, RUN_WORKER: '0', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password };
    const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
    const [portA, portB] = [await findFreePort(), await findFreePort()];
    first = `http://127.0.0.1:${portA}`;
    second = `http://127.0.0.1:${portB}`;
    // The first instance migrates and seeds; the second and the worker find it done.
    processes.push(startProcess([nextBin, 'start', '-p', String(portA), '-H', '127.0.0.1'], common));
    await waitForHttp(`${first}/signin`);
    processes.push(startProcess([nextBin, 'start', '-p', String(portB), '-H', '127.0.0.1'], common));
    processes.push(startProcess(['scripts/compiled.mjs', 'scripts/worker.ts'], { ...common, JOB_POLLING_SECONDS: '0.5' }));
    await waitForHttp(`${second}/signin`);
  });

  test.afterAll(async () => {
    for (const { child } of processes) if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.all(processes.map(({ child }) => (child.exitCode === null ? once(child, 'exit') : null)));
    await cluster?.stop();
  });

  test('a session from one instance works on the other, and a worker process runs the job', async ({ browser }) => {
    test.setTimeout(240_000);
    const context = await browser.newContext({ baseURL: second, locale: 'en-US' });
    const page = await context.newPage();
    // Signed in on the first instance (cookies belong to the host, whatever the port).
    await page.goto(`${first}/signin`);
    await page.getByLabel('E-mail').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('navigation', { name: 'Main navigation' })).toBeVisible();

    // The whole wizard on the second instance, with that session.
    const tag = uniqueTag();
    const jobId = await importThroughWizard(page, { tag, description: `Scale out ${tag}`, rows: 25 });
    await expect(page.getByLabel('Imported contacts', { exact: true })).toHaveText('25');

    // The web servers run no jobs (RUN_WORKER=0): the worker process ran both steps.
    const workerLog = processes[2].output.join('');
    expect(workerLog).toContain(`validating end ${jobId} (done)`);
    expect(workerLog).toContain(`importing end ${jobId} (done)`);

    // And the first instance shows the job as completed.
    await page.goto(`${first}/imports/jobs/${jobId}`);
    await expect(page.getByLabel('Inserted', { exact: true })).toHaveText('25');
    await context.close();
  });
});
