/**
 * `npm run bench:load`: the app under use while it imports. A built app (`next build` first) is
 * started with `next start` on 127.0.0.1:BENCH_LOAD_PORT against a throwaway PostgreSQL cluster
 * (or a fresh PGlite folder with BENCH_LOAD_DRIVER=pglite); 20 signed-in users (next-auth
 * sessions over plain HTTP, loopback only) keep opening the Imports list, the job's page, a
 * contacts search and the wizard's first page, with a pause between pages, while a file of
 * BENCH_LOAD_ROWS rows (1,000,000 by default) is uploaded and imported through /api/v1 with a
 * personal access token. Prints p50 / p95 / max latency per page (idle, during the upload,
 * during the import) and the import's rows/s. Target on PostgreSQL: p95 under 1 s for every page
 * during the import (the exit code says whether it was met); on PGlite, figures only.
 *
 * Variables: BENCH_LOAD_ROWS, BENCH_LOAD_DRIVER (postgres | pglite), BENCH_LOAD_PORT (3106),
 * BENCH_LOAD_USERS (20), BENCH_LOAD_THINK_MS (1000: mean pause between a user's pages),
 * BENCH_LOAD_MAX_SECONDS (1800: the whole run is stopped past it), BENCH_LOAD_IDLE_SECONDS (10),
 * BENCH_LOAD_PAGES (all: a comma list of imports, job, contacts, wizard, to find which page costs),
 * BENCH_LOAD_WORKER (separate, the default with PostgreSQL as with `npm start`: the server runs
 * with RUN_WORKER=0 and one `npm run worker` process runs the job; in-process: the web server
 * runs it, as with RUN_WORKER=1 and always with PGlite), BENCH_LOAD_CPU_PROFILE_DIR (unset: a folder
 * where the web server writes its V8 CPU profile when it stops, for `--cpu-prof` analysis),
 * BENCH_LOAD_SLOW_STATEMENT_MS (unset: PostgreSQL logs statements slower than this, log kept in the temp folder).
 * `.next` must hold a build of this tree; nothing may rebuild it while the bench runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { migrateDatabase, openDatabase } from '../db/client';
import { seedDatabase } from '../db/seed';
import { divisions, externalSources, importProfiles, personalAccessTokens, users } from '../db/schema';
import { createTokenSecret } from '../lib/tokens/secret';
import { settingsFor } from '../tests/support/import-pipeline';
import { startPostgresCluster, type PostgresCluster } from '../tests/support/postgres-cluster';
import { HEADER, newWorkload, writeCsv } from './generate';
import { postgresServerCpuSeconds, processGroupCpuSeconds } from './process-cpu';

const env = process.env;
const ROWS = Number(env.BENCH_LOAD_ROWS ?? 1_000_000);
const DRIVER = env.BENCH_LOAD_DRIVER === 'pglite' ? 'pglite' : 'postgres';
const PORT = Number(env.BENCH_LOAD_PORT ?? 3106);
const USERS = Number(env.BENCH_LOAD_USERS ?? 20);
const THINK_MS = Number(env.BENCH_LOAD_THINK_MS ?? 1000);
const MAX_SECONDS = Number(env.BENCH_LOAD_MAX_SECONDS ?? 1800);
const IDLE_SECONDS = Number(env.BENCH_LOAD_IDLE_SECONDS ?? 10);
const PAGES = new Set((env.BENCH_LOAD_PAGES ?? 'imports,job,contacts,wizard').split(',').map((p) => p.trim()));
// As `npm start` runs them with PostgreSQL: a worker process beside the web server.
const SEPARATE_WORKER = DRIVER === 'postgres' && env.BENCH_LOAD_WORKER !== 'in-process';
// Statements slower than this (ms) are logged by PostgreSQL, and the log kept in the temp folder.
const SLOW_STATEMENT_MS = env.BENCH_LOAD_SLOW_STATEMENT_MS ? Number(env.BENCH_LOAD_SLOW_STATEMENT_MS) : null;
// A folder for the web server's V8 CPU profile (written when it stops), to see where a view's time goes.
const CPU_PROFILE_DIR = env.BENCH_LOAD_CPU_PROFILE_DIR ? path.resolve(env.BENCH_LOAD_CPU_PROFILE_DIR) : null;
const TARGET_P95_MS = 1000;
const REQUEST_TIMEOUT_MS = 30_000;
const ADMIN_EMAIL = 'bench-admin@example.com';
const ADMIN_PASSWORD = 'bench-Admin-password-1';
const root = path.resolve(import.meta.dirname, '..');
const base = `http://127.0.0.1:${PORT}`;

type Phase = 'idle' | 'upload' | 'import';
type PageName = 'imports list' | 'job page' | 'contacts search' | 'wizard start';
const samples = new Map<string, number[]>();
const failures = new Map<string, number>();
let phase: Phase = 'idle';
let jobId: string | null = null;
let stopping = false;

function record(page: PageName, ms: number, ok: boolean) {
  const key = `${phase}\t${page}`;
  if (ok) (samples.get(key) ?? samples.set(key, []).get(key)!).push(ms);
  else failures.set(key, (failures.get(key) ?? 0) + 1);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Cookies of one session, as a browser keeps them (name -> value). */
class CookieJar {
  private readonly cookies = new Map<string, string>();
  take(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eqAt = pair.indexOf('=');
      this.cookies.set(pair.slice(0, eqAt).trim(), pair.slice(eqAt + 1).trim());
    }
  }
  get header() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
  has(pattern: RegExp) {
    return [...this.cookies.keys()].some((name) => pattern.test(name));
  }
}

/** Signs in through next-auth's credentials flow: csrf token, then the callback; keeps the cookies. */
async function signIn(): Promise<CookieJar> {
  const jar = new CookieJar();
  const csrfResponse = await fetch(`${base}/api/auth/csrf`);
  jar.take(csrfResponse);
  const { csrfToken } = await csrfResponse.json() as { csrfToken: string };
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header },
    body: new URLSearchParams({ csrfToken, email: ADMIN_EMAIL, password: ADMIN_PASSWORD, json: 'true', callbackUrl: `${base}/` }),
  });
  jar.take(response);
  await response.arrayBuffer();
  if (!jar.has(/session-token$/)) throw new Error(`sign-in failed: HTTP ${response.status}`);
  return jar;
}

async function timePage(jar: CookieJar, page: PageName, url: string) {
  const started = performance.now();
  try {
    const response = await fetch(`${base}${url}`, {
      headers: { cookie: jar.header, 'accept-language': 'en' }, redirect: 'manual', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const body = await response.text();
    record(page, performance.now() - started, response.status === 200 && body.length > 0);
  } catch {
    record(page, performance.now() - started, false);
  }
}

const SEARCHES = ['Martin', 'Dubois', 'corp.example.com', 'Léa', '617', 'CRM-00012'];

/** One user: page after page, a pause (think time, 0.5x to 1.5x THINK_MS) between them. */
async function user(index: number, jar: CookieJar) {
  const pages = ([
    ['imports', 'imports list', () => '/imports'],
    ['job', 'job page', () => (jobId ? `/imports/jobs/${jobId}` : null)],
    ['contacts', 'contacts search', () => `/contacts?q=${encodeURIComponent(SEARCHES[(index + turn) % SEARCHES.length])}`],
    ['wizard', 'wizard start', () => '/imports/new'],
  ] as const).filter(([key]) => PAGES.has(key)).map(([, page, url]) => [page, url] as [PageName, () => string | null]);
  let turn = 0;
  await sleep(Math.random() * THINK_MS);
  while (!stopping) {
    const [page, url] = pages[(index + turn) % pages.length];
    turn += 1;
    const target = url();
    if (target) await timePage(jar, page, target);
    await sleep(THINK_MS * (0.5 + Math.random()));
  }
}

async function api<T>(token: string, method: string, url: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(`${base}/api/v1${url}`, {
    method, ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) },
  } as RequestInit);
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} /api/v1${url}: HTTP ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Database, admin, token, source and profile, written before the server starts (PGlite has one owner). */
async function prepareDatabase(connection: { url: string } | { dataDir: string }) {
  const handle = await openDatabase(connection);
  try {
    await migrateDatabase(handle);
    env.ADMIN_EMAIL = ADMIN_EMAIL;
    env.ADMIN_PASSWORD = ADMIN_PASSWORD;
    await seedDatabase(handle.db, () => {});
    const [admin] = await handle.db.select().from(users).where(eq(users.email, ADMIN_EMAIL));
    if (!admin) throw new Error('the database already had users: use a fresh one');
    const secret = createTokenSecret();
    await handle.db.insert(personalAccessTokens).values({
      userId: admin.id, name: 'bench:load', prefix: secret.prefix, tokenHash: secret.hash, permissions: null,
      expiresAt: new Date(Date.now() + 86_400_000),
    });
    const [source] = await handle.db.insert(externalSources).values({ name: 'Load bench CRM' }).returning();
    const settings = settingsFor([...HEADER], source.id);
    const [profile] = await handle.db.insert(importProfiles).values({
      name: 'Load bench', externalSourceId: source.id, matchBy: ['externalId'], mergeMode: settings.mergeMode,
      loadType: 'upsert', importFields: settings.importFields, columnMapping: settings.columnMapping, defaultCountry: 'US',
      createdBy: admin.id,
    }).returning();
    const [home] = await handle.db.select().from(divisions).where(eq(divisions.isHome, true));
    return { token: secret.token, profileId: profile.id, divisionId: home.id };
  } finally {
    await handle.close();
  }
}

/** `next start`, or with `worker` a job worker process (`npm run worker`). */
function startServer(connection: { url: string } | { dataDir: string }, logFile: string, worker = false): ChildProcess {
  const serverEnv: NodeJS.ProcessEnv = {
    ...env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', PORT: String(PORT), HOSTNAME: '127.0.0.1',
    ADMIN_EMAIL, ADMIN_PASSWORD,
  };
  delete serverEnv.DATABASE_URL;
  delete serverEnv.PGLITE_DATA_DIR;
  if ('url' in connection) serverEnv.DATABASE_URL = connection.url;
  else serverEnv.PGLITE_DATA_DIR = connection.dataDir;
  if (SEPARATE_WORKER) serverEnv.RUN_WORKER = '0';
  const log = createWriteStream(logFile, { flags: 'a' });
  const nextStart = ['start', '-p', String(PORT), '-H', '127.0.0.1'];
  const [command, args] = worker
    ? [path.join(root, 'node_modules', '.bin', 'tsx'), ['scripts/worker.ts']]
    : CPU_PROFILE_DIR
      ? [process.execPath, ['--cpu-prof', `--cpu-prof-dir=${CPU_PROFILE_DIR}`, path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), ...nextStart]]
      : [path.join(root, 'node_modules', '.bin', 'next'), nextStart];
  const child = spawn(command, args, { cwd: root, env: serverEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  return child;
}

async function waitForServer(child: ChildProcess, logFile: string) {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}): see ${logFile}`);
    try {
      const response = await fetch(`${base}/api/auth/csrf`, { signal: AbortSignal.timeout(5000) });
      if (response.ok) return;
    } catch { /* not up yet */ }
    await sleep(500);
  }
  throw new Error(`the server did not answer on ${base} within 180 s: see ${logFile}`);
}

function stopServer(child: ChildProcess | undefined) {
  if (!child?.pid || child.exitCode !== null) return Promise.resolve();
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
  const kill = setTimeout(() => { try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ } }, 10_000);
  return exited.finally(() => clearTimeout(kill));
}

const PROFILE_REQUESTS = 20;

/**
 * What one view of each page costs while nothing else runs: requests one after the other, the
 * web server's and PostgreSQL's CPU divided by their number. On 2 cores shared with an import,
 * these figures decide how many views per second the server can still give.
 */
async function profilePages(when: string, jar: CookieJar, serverGroup: number, cluster: PostgresCluster | null, pageUrls: [PageName, string][]) {
  const databaseCpu = () => (cluster ? postgresServerCpuSeconds(path.join(cluster.dir, 'data')) : 0);
  console.log(`\nCPU per view, ${when}, one view at a time\npage                               web server ms  PostgreSQL ms  latency p50 ms`);
  for (const [page, url] of pageUrls) {
    const times: number[] = [];
    const [web0, db0] = [processGroupCpuSeconds(serverGroup), databaseCpu()];
    for (let i = 0; i < PROFILE_REQUESTS; i++) {
      const started = performance.now();
      await fetch(`${base}${url}`, { headers: { cookie: jar.header, 'accept-language': 'en' } }).then((r) => r.text());
      times.push(performance.now() - started);
    }
    const web = ((processGroupCpuSeconds(serverGroup) - web0) * 1000) / PROFILE_REQUESTS;
    const db = ((databaseCpu() - db0) * 1000) / PROFILE_REQUESTS;
    console.log(`${`${page} ${url}`.slice(0, 34).padEnd(34)}${web.toFixed(0).padStart(15)}${(cluster ? db.toFixed(0) : '-').padStart(15)}`
      + `${percentile(times.sort((a, b) => a - b), 50).toFixed(0).padStart(16)}`);
  }
}

interface JobView {
  id: string; status: string; step: string | null;
  counters: { rowsInFile: number; imported: number; inserted: number; invalidRows: number };
  startedAt: string | null; finishedAt: string | null;
}

async function main() {
  if (!existsSync(path.join(root, '.next', 'BUILD_ID'))) throw new Error('no build in .next: run `npx next build` first');
  const work = mkdtempSync(path.join(os.tmpdir(), 'cbi-load-'));
  const outDir = path.join(os.tmpdir(), 'cbi-bench');
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `new-${ROWS}.csv`);
  let cluster: PostgresCluster | null = null;
  let server: ChildProcess | undefined;
  let jobWorker: ChildProcess | undefined;
  const logFile = path.join(work, 'server.log');
  const hardStop = setTimeout(() => { console.error(`stopped after ${MAX_SECONDS} s`); stopping = true; }, MAX_SECONDS * 1000);
  try {
    if (!existsSync(file)) {
      console.log(`generating ${ROWS} rows in ${file}`);
      await writeCsv(file, newWorkload(ROWS));
    }
    cluster = DRIVER === 'postgres' ? await startPostgresCluster({
      settings: {
        shared_buffers: '1GB', max_wal_size: '8GB', checkpoint_timeout: '30min', work_mem: '64MB',
        ...(SLOW_STATEMENT_MS !== null ? { log_min_duration_statement: SLOW_STATEMENT_MS } : {}),
      },
    }) : null;
    const connection = cluster ? { url: cluster.url } : { dataDir: path.join(work, 'pglite') };
    const { token, profileId, divisionId } = await prepareDatabase(connection);
    server = startServer(connection, logFile);
    await waitForServer(server, logFile);
    if (SEPARATE_WORKER) jobWorker = startServer(connection, logFile, true);
    // One after the other: parallel sign-ins of one account are throttled like parallel guesses.
    const jars: CookieJar[] = [];
    for (let i = 0; i < USERS; i++) jars.push(await signIn());
    // Warm-up: each page once, so the first compile of a route is not counted.
    for (const url of ['/imports', '/contacts?q=Martin', '/imports/new']) await fetch(`${base}${url}`, { headers: { cookie: jars[0].header } }).then((r) => r.text());
    await profilePages('before the import', jars[0], server.pid!, cluster, [
      ['imports list', '/imports'], ['contacts search', '/contacts?q=Martin'], ['contacts search', '/contacts?q=CRM-00012'],
      ['wizard start', '/imports/new'],
    ]);
    console.log(`${DRIVER}: ${ROWS} rows, ${USERS} users, think time ${THINK_MS} ms, pages ${[...PAGES].join(',')}, job worker ${SEPARATE_WORKER ? 'separate process' : 'in the web server'}, server log ${logFile}`);

    const users = jars.map((jar, i) => user(i, jar));
    await sleep(IDLE_SECONDS * 1000);

    phase = 'upload';
    const uploadStarted = performance.now();
    const upload = await api<{ id: string; rowCount: number }>(token, 'POST', '/uploads', {
      body: Readable.toWeb(createReadStream(file)) as ReadableStream, duplex: 'half',
      headers: { 'content-type': 'text/csv', 'x-file-name': path.basename(file), 'content-length': String(statSync(file).size) },
    } as RequestInit);
    const uploadSeconds = (performance.now() - uploadStarted) / 1000;

    phase = 'import';
    const importStarted = performance.now();
    const started = await api<JobView>(token, 'POST', '/jobs', {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ uploadId: upload.id, profileId, divisionId, description: 'Load bench', autoContinue: true }),
    });
    jobId = started.id;
    let job = started;
    while (!stopping && job.status === 'running') {
      await sleep(1000);
      job = await api<JobView>(token, 'GET', `/jobs/${jobId}`);
    }
    const wallSeconds = (performance.now() - importStarted) / 1000;
    stopping = true;
    await Promise.all(users);

    await profilePages('after the import', jars[0], server.pid!, cluster, [
      ['imports list', '/imports'], ['job page', `/imports/jobs/${jobId}`], ['contacts search', '/contacts?q=Martin'],
      ['contacts search', '/contacts?q=CRM-00012'], ['contacts search', '/contacts?q=nobody-matches-this'], ['wizard start', '/imports/new'],
    ]);
    const jobSeconds = job.startedAt && job.finishedAt ? (Date.parse(job.finishedAt) - Date.parse(job.startedAt)) / 1000 : wallSeconds;
    console.log(`\nupload: ${upload.rowCount} rows, ${(statSync(file).size / 1e6).toFixed(0)} MB in ${uploadSeconds.toFixed(1)} s`);
    console.log(`import: job ${job.status}, ${job.counters.imported} imported (${job.counters.inserted} new), `
      + `${job.counters.invalidRows} invalid, ${jobSeconds.toFixed(1)} s (validation + import): `
      + `${Math.round(job.counters.rowsInFile / jobSeconds)} rows/s`);
    console.log('\nphase   page              requests  p50 ms  p95 ms  max ms  failed');
    let met = job.status === 'completed';
    for (const p of ['idle', 'upload', 'import'] as Phase[]) {
      for (const page of ['imports list', 'job page', 'contacts search', 'wizard start'] as PageName[]) {
        const key = `${p}\t${page}`;
        const list = (samples.get(key) ?? []).sort((a, b) => a - b);
        const failed = failures.get(key) ?? 0;
        if (list.length === 0 && failed === 0) continue;
        const p95 = percentile(list, 95);
        if (p === 'import' && (!(p95 < TARGET_P95_MS) || failed > 0)) met = false;
        console.log(`${p.padEnd(8)}${page.padEnd(18)}${String(list.length).padStart(8)}${percentile(list, 50).toFixed(0).padStart(8)}`
          + `${p95.toFixed(0).padStart(8)}${(list.at(-1) ?? NaN).toFixed(0).padStart(8)}${String(failed).padStart(8)}`);
      }
    }
    if (DRIVER === 'postgres') {
      console.log(`\ntarget (PostgreSQL): p95 under ${TARGET_P95_MS} ms for every page during the import, no failed request: ${met ? 'met' : 'NOT met'}`);
      if (!met) process.exitCode = 1;
    }
  } catch (error) {
    process.exitCode = 1;
    console.error(`server log kept: ${logFile}`);
    throw error;
  } finally {
    clearTimeout(hardStop);
    stopping = true;
    await Promise.all([stopServer(server), stopServer(jobWorker)]);
    if (cluster && SLOW_STATEMENT_MS !== null) {
      const kept = path.join(os.tmpdir(), 'bench-load-postgres.log');
      copyFileSync(path.join(cluster.dir, 'postgres.log'), kept);
      console.log(`statements slower than ${SLOW_STATEMENT_MS} ms: ${kept}`);
    }
    await cluster?.stop();
    // The server log stays when something went wrong.
    rmSync(process.exitCode ? path.join(work, 'pglite') : work, { recursive: true, force: true });
  }
}

await main();
