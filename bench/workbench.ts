/**
 * `npm run bench:workbench`: the validation workbench (decision 008) on a job whose file has
 * BENCH_WORKBENCH_ROWS invalid rows (default 100,000), validated on a throwaway PostgreSQL. Every
 * row has a French work phone written the national way (01 ..) and no country code, so it is read
 * as a US number and refused (invalidPhone); setting the Country Code column to FR fixes it. One
 * row in five also has an incomplete e-mail (invalidEmail), for a filter that picks some rows.
 *
 * Prints: the time of the first, a middle and the last page of listWorkbenchRows (keyset, 50 rows)
 * with no filter and with the invalidEmail filter, what a middle page's queries cost each, and
 * previewBulkFix's time (each the median of 3); then the bulk fix over every row (setValue Country
 * Code FR), run by the real fixing step (the queue runner, with its job lock and heartbeat) in a
 * process of its own, with its progress lines, total time, rows/s and the peak RSS of that process
 * (VmHWM); and the undo of that fix the same way. Figures only: nothing here asserts a time.
 *
 * DATABASE_URL to use an existing server (a throwaway cluster is started otherwise).
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { openDatabase, migrateDatabase, queryRows, type AppDatabase } from '../db/client';
import { seedDatabase } from '../db/seed';
import { externalSources, importJobs, users } from '../db/schema';
import { loadAccess } from '../db/queries/access';
import { executeOperation, type AnyOperation, type OperationContext } from '../lib/actions/operation';
import { storeUpload } from '../lib/import/upload/store-upload';
import { importSteps } from '../lib/import/jobs/steps/steps';
import { installJobQueues } from '../lib/import/jobs/queue/boss';
import { finishValidation } from '../lib/import/jobs/queue/outcomes';
import { runStepMessage } from '../lib/import/jobs/queue/runner';
import { readJobRunnerConfig } from '../lib/import/jobs/queue/config';
import { limitHeapGrowth } from '../lib/import/jobs/queue/heap-growth';
import {
  listWorkbenchRows, previewBulkFix, startBulkFix, undoFixOperation,
} from '../lib/import/fixes/operations';
import type { FixAction, FixFilter } from '../lib/import/fixes/schemas';
import { workbenchFilter } from '../lib/import/fixes/preview';
import { countWorkbenchRows, loadWorkbenchRows, selectWorkbenchLines, workbenchFacets } from '../db/queries/workbench';
import { settingsFor } from '../tests/support/import-pipeline';
import { startPostgresCluster } from '../tests/support/postgres-cluster';
import { csvLine, person, writeCsv } from './generate';

const ROWS = Number(process.env.BENCH_WORKBENCH_ROWS ?? 100_000);
const PAGE_SIZE = 50;
const outDir = path.join(os.tmpdir(), 'cbi-bench');
/** A line number is the row's index + 2 (line 1 is the header). */
const lineOf = (index: number) => index + 2;
const hasBadEmail = (index: number) => index % 5 === 0;
const FIX: FixAction = { kind: 'setValue', column: 'Country Code', value: 'FR' };
const FIX_FILTER: FixFilter = { code: 'invalidPhone' };
const EMAIL_FILTER: FixFilter = { code: 'invalidEmail' };

/** This process's own peak RSS in MB (VmHWM, as bench/xlsx-memory.ts reads it). */
function peakMb(): number {
  const hwm = /^VmHWM:\s+(\d+) kB/m.exec(existsSync('/proc/self/status') ? readFileSync('/proc/self/status', 'utf8') : '');
  return Math.round((hwm ? Number(hwm[1]) : process.resourceUsage().maxRSS) / 1024);
}

/** The new workload's people, each with a national French work phone and no country code. */
function* invalidPeople(rows: number): Iterable<string> {
  for (let i = 0; i < rows; i += 1) {
    const p = person(i);
    const digits = String(i).padStart(8, '0');
    const line = csvLine(p, {
      workPhone: `01 ${digits.slice(0, 2)} ${digits.slice(2, 4)} ${digits.slice(4, 6)} ${digits.slice(6)}`,
      workEmail: hasBadEmail(i) ? p.workEmail.replace(/@.*$/, '@') : p.workEmail,
    });
    yield line.replace(/,US,1$/, ',,1'); // no country code: the phone is read as a US one
  }
}

async function actorContext(db: AppDatabase): Promise<OperationContext> {
  const [admin] = await db.select().from(users).orderBy(users.createdAt).limit(1);
  return {
    db, user: { id: admin.id, email: admin.email, name: admin.name, locale: admin.locale }, access: await loadAccess(db, admin.id),
  };
}

async function run<T>(operation: AnyOperation, input: unknown, ctx: OperationContext): Promise<T> {
  const result = await executeOperation(operation, input, ctx);
  if (!result.ok) throw new Error(`${operation.name} refused: ${result.status} ${JSON.stringify(result.error)}`);
  return result.data as T;
}

/** Milliseconds of one call. */
async function timed<T>(call: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await call();
  return { ms: performance.now() - started, value };
}

/** The median of three calls, for reads (on a shared machine one call says little). */
async function median<T>(call: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const runs = [await timed(call), await timed(call), await timed(call)].sort((x, y) => x.ms - y.ms);
  return runs[1];
}

async function main() {
  const [mode, url, jobId, label] = process.argv.slice(2);
  if (mode === 'fixing') return runFixingStep(url, jobId, label);
  limitHeapGrowth(readJobRunnerConfig().heapGrowthPercent);
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `workbench-invalid-${ROWS}.csv`);
  await writeCsv(file, invalidPeople(ROWS));
  const cluster = process.env.DATABASE_URL ? null : await startPostgresCluster({
    settings: { shared_buffers: '1GB', max_wal_size: '8GB', checkpoint_timeout: '30min', work_mem: '64MB' },
  });
  const dbUrl = process.env.DATABASE_URL ?? cluster!.url;
  const handle = await openDatabase({ url: dbUrl, max: 4 });
  const summary: string[] = [];
  try {
    await migrateDatabase(handle);
    await seedDatabase(handle.db, () => {});
    await installJobQueues(handle);
    const { db } = handle;
    const ctx = await actorContext(db);
    const jobId = await validatedJob(db, file, ctx.user.id, summary);

    // Pages of the table, by keyset: first, middle, last; with no filter and with one.
    type Page = { rows: { line: number }[]; total: number; nextAfter: number | null };
    const page = (filter: FixFilter | undefined, after?: number) =>
      run<Page>(listWorkbenchRows, { jobId, ...(filter ? { filter } : {}), ...(after ? { after } : {}), pageSize: PAGE_SIZE }, ctx);
    await page(undefined); // one call not timed: the plans and the caches of a first visit
    const emailLines = Array.from({ length: ROWS }, (_, i) => i).filter(hasBadEmail).map(lineOf);
    for (const [name, filter, lines] of [
      ['no filter', undefined, Array.from({ length: ROWS }, (_, i) => lineOf(i))],
      ['filter code=invalidEmail', EMAIL_FILTER, emailLines],
    ] as const) {
      const positions: [string, number | undefined][] = [
        ['first', undefined], ['middle', lines[Math.floor(lines.length / 2) - 1]], ['last', lines[lines.length - PAGE_SIZE - 1]],
      ];
      const times: string[] = [];
      for (const [where, after] of positions) {
        const { ms, value } = await median(() => page(filter, after));
        if (value.rows.length !== PAGE_SIZE) throw new Error(`${name} ${where} page: ${value.rows.length} rows`);
        times.push(`${where} ${ms.toFixed(0)} ms`);
        if (where === 'first') times.push(`(total ${value.total})`);
      }
      summary.push(`listWorkbenchRows ${name}, ${PAGE_SIZE} rows a page (median of 3): ${times.join(', ')}`);
      console.log(summary.at(-1));
      summary.push(`  its parts at the middle page: ${await pageParts(db, jobId, filter, positions[1][1]!)}`);
      console.log(summary.at(-1));
    }

    const preview = await median(() => run<{ rows: number }>(previewBulkFix, { jobId, filter: FIX_FILTER, action: FIX }, ctx));
    summary.push(`previewBulkFix setValue Country Code=FR over code=invalidPhone: ${preview.value.rows} rows in ${preview.ms.toFixed(0)} ms (median of 3)`);
    console.log(summary.at(-1));

    type OperationView = { operation: { id: string } };
    const started = await timed(() => run<OperationView>(startBulkFix, { jobId, filter: FIX_FILTER, action: FIX }, ctx));
    console.log(`startBulkFix answered in ${started.ms.toFixed(0)} ms`);
    summary.push(fixingProcess(dbUrl, jobId, `bulk fix of ${preview.value.rows} rows`, preview.value.rows));
    summary.push(await countsLine(page, 'after the fix'));

    const undo = await timed(() => run<OperationView>(undoFixOperation, { jobId, operationId: started.value.operation.id }, ctx));
    console.log(`undoFixOperation answered in ${undo.ms.toFixed(0)} ms`);
    summary.push(fixingProcess(dbUrl, jobId, `undo of the fix`, preview.value.rows));
    summary.push(await countsLine(page, 'after the undo'));
  } finally {
    await handle.close();
    await cluster?.stop();
  }
  console.log('\nsummary');
  for (const line of summary) console.log(line);
}

/** What one page is made of, each query timed alone (median of 3): where a page's time goes. */
async function pageParts(db: AppDatabase, jobId: string, input: FixFilter | undefined, after: number): Promise<string> {
  const filter = workbenchFilter(input);
  const lines = await median(() => selectWorkbenchLines(db, jobId, filter, after, PAGE_SIZE + 1));
  const rows = await median(() => loadWorkbenchRows(db, jobId, lines.value.slice(0, PAGE_SIZE)));
  const facets = await median(() => workbenchFacets(db, jobId));
  const parts = [`lines ${lines.ms.toFixed(0)} ms`, `rows and errors ${rows.ms.toFixed(0)} ms`, `facets ${facets.ms.toFixed(0)} ms`];
  // Without a code or column the total is the job's counters (no query).
  if (filter.code !== undefined || filter.column !== undefined) {
    parts.push(`total ${(await median(() => countWorkbenchRows(db, jobId, filter))).ms.toFixed(0)} ms`);
  }
  return parts.join(', ');
}

async function countsLine(page: (filter: FixFilter | undefined) => Promise<unknown>, when: string): Promise<string> {
  const { counts } = await page({ state: 'all' }) as { counts: Record<string, number> };
  const line = `counters ${when}: ${JSON.stringify(counts)}`;
  console.log(line);
  return line;
}

/** Uploads the file and validates it with the real step; the job is left validated, as the wizard leaves it. */
async function validatedJob(db: AppDatabase, file: string, userId: string, summary: string[]): Promise<string> {
  const [source] = await db.insert(externalSources).values({ name: `Bench workbench ${Date.now()}` }).returning();
  const upload = await storeUpload(db, {
    fileName: path.basename(file), userId, body: createReadStream(file), maxBytes: 4 * 2 ** 30,
  });
  if (upload.status !== 'ready') throw new Error(`upload rejected: ${upload.errorCode}`);
  const [division] = await queryRows<{ id: string }>(db, sql`select id from divisions where is_home`);
  const [job] = await db.insert(importJobs).values({
    uploadId: upload.id, profileSnapshot: settingsFor(upload.headers ?? [], source.id), divisionId: division.id,
    requestedBy: userId, status: 'running', step: 'validating',
  }).returning();
  const { ms, value: outcome } = await timed(() => importSteps.validate(db, job.id, { signal: new AbortController().signal, onProgress: () => {} }));
  if (await finishValidation(db, job.id, outcome) !== 'validated') throw new Error('the job is not validated');
  if (outcome.invalidRows !== ROWS) throw new Error(`expected ${ROWS} invalid rows, validation found ${JSON.stringify(outcome)}`);
  summary.push(`validation of ${ROWS} rows (all invalid): ${(ms / 1000).toFixed(1)} s`);
  console.log(summary.at(-1));
  return job.id;
}

/** Runs the job's fixing step in a process of its own (its peak RSS is its own); returns its figures. */
function fixingProcess(url: string, jobId: string, label: string, rows: number): string {
  const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1], 'fixing', url, jobId, label],
    { stdio: ['ignore', 'pipe', 'inherit'], env: process.env, encoding: 'utf8' });
  process.stdout.write(child.stdout);
  if (child.status !== 0) throw new Error(`the fixing step of ${label} failed (${child.status})`);
  const figures = /^fixing done: (.*)$/m.exec(child.stdout)?.[1] ?? '?';
  return `${label} (${rows} rows): ${figures}`;
}

/** The child: the queue's runner takes the job's queued 'fixing' step, as a worker would. */
async function runFixingStep(url: string, jobId: string, label: string) {
  limitHeapGrowth(readJobRunnerConfig().heapGrowthPercent);
  const handle = await openDatabase({ url, max: 2 });
  try {
    console.log(`${label}: fixing process start, peak RSS ${peakMb()} MB`);
    const started = performance.now();
    let lastShown = -1;
    const steps = {
      ...importSteps,
      applyFixes: (db: AppDatabase, id: string, options: Parameters<typeof importSteps.applyFixes>[2]) =>
        importSteps.applyFixes(db, id, {
          ...options,
          onProgress: async (done: number, total: number) => {
            const tenth = total > 0 ? Math.floor((done * 10) / total) : 0;
            if (tenth !== lastShown) {
              lastShown = tenth;
              console.log(`  ${label}: ${done}/${total} rows, ${((performance.now() - started) / 1000).toFixed(1)} s, peak RSS ${peakMb()} MB`);
            }
            await options.onProgress(done, total);
          },
        }),
    };
    const result = await runStepMessage({
      handle, steps, heartbeatMs: readJobRunnerConfig().heartbeatMs, shutdown: new AbortController().signal,
    }, { jobId, step: 'fixing' });
    const seconds = (performance.now() - started) / 1000;
    const [job] = await handle.db.select({ step: importJobs.step, errorCode: importJobs.errorCode, fixedRows: importJobs.fixedRows })
      .from(importJobs).where(eq(importJobs.id, jobId));
    if (result !== 'done' || job.step !== 'validated') throw new Error(`fixing ended ${result}, job ${JSON.stringify(job)}`);
    const [operation] = await queryRows<{ status: string; changed_rows: number; target_rows: number }>(handle.db,
      sql`select status, changed_rows, target_rows from job_fix_operations where job_id = ${jobId} order by created_at desc limit 1`);
    console.log(`fixing done: ${seconds.toFixed(1)} s, ${Math.round(operation.changed_rows / seconds)} rows/s, `
      + `${operation.changed_rows}/${operation.target_rows} rows changed (${operation.status}), peak RSS ${peakMb()} MB`);
  } finally {
    await handle.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
