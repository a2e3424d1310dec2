/**
 * `npm run bench`: imports three generated 1M-row workloads into a real PostgreSQL and prints rows
 * per second, the ratio to a raw COPY of the same file into an unlogged table (measured in the
 * same run), and the peak RSS of this process. Upload is excluded from the timing. At the end it
 * prints each workload's write floor (see write-floor.ts): what writing the rows its import wrote
 * costs with no engine at all, into the tables as they are (and, for the new workload, into the
 * same tables with primary keys only). The workloads: new (an empty source), re-import (the same
 * source again) and second source (the new workload's people from another system, matched by
 * e-mail). Then the same three workloads, BENCH_PGLITE_ROWS rows each (default 100,000), on the
 * embedded PGlite, with the slowest answer to a job-status read made every 500 ms meanwhile.
 * Figures only: nothing here asserts a time.
 *
 * BENCH_ROWS=100000 for a quicker run; DATABASE_URL to use an existing server (a throwaway
 * cluster is started otherwise); BENCH_PGLITE_ROWS=0 skips PGlite, BENCH_POSTGRES=0 PostgreSQL.
 */
import { createReadStream, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { openDatabase, migrateDatabase, queryRows, type DatabaseHandle } from '../db/client';
import { seedDatabase } from '../db/seed';
import { externalSources, importJobs, jobProjections, users } from '../db/schema';
import { storeUpload } from '../lib/import/upload/store-upload';
import { importSteps } from '../lib/import/jobs/steps/steps';
import type { ImportOutcome } from '../lib/import/jobs/steps/step-contract';
import { settingsFor } from '../tests/support/import-pipeline';
import { startPostgresCluster } from '../tests/support/postgres-cluster';
import { takePhaseTimes } from '../lib/import/engine/phase-timer';
import { readJobRunnerConfig } from '../lib/import/jobs/queue/config';
import { limitHeapGrowth } from '../lib/import/jobs/queue/heap-growth';
import { loadAccess } from '../db/queries/access';
import { findVisibleJob, toJobView } from '../lib/import/jobs/job-view';
import { HEADER, newWorkload, reimportWorkload, secondSourceWorkload, writeCsv } from './generate';
import { countPostgresCpuOf, postgresCpuSeconds } from './bench-util';
import {
  exportJobWrites, exportWrittenRows, removeFloorFiles, removeJobWriteFiles, timeJobWriteFloor, timeWriteFloor, xidMarker,
  type JobWrites, type WriteFloor,
} from './write-floor';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const PGLITE_ROWS = Number(process.env.BENCH_PGLITE_ROWS ?? 100_000);
const outDir = path.join(os.tmpdir(), 'cbi-bench');

type Workload = 'new' | 're-import' | 'second source';

/** The three workloads' files for `rows` rows, in the order they are imported. */
async function workloadFiles(rows: number): Promise<[Workload, string][]> {
  const files: [Workload, string][] = [
    ['new', path.join(outDir, `new-${rows}.csv`)],
    ['re-import', path.join(outDir, `reimport-${rows}.csv`)],
    ['second source', path.join(outDir, `second-source-${rows}.csv`)],
  ];
  console.log(`generating ${rows} rows per workload in ${outDir}`);
  await writeCsv(files[0][1], newWorkload(rows));
  await writeCsv(files[1][1], reimportWorkload(rows, rows));
  await writeCsv(files[2][1], secondSourceWorkload(rows, rows));
  return files;
}

async function main() {
  // The import steps run here without a job worker: set the process up as a worker would.
  limitHeapGrowth(readJobRunnerConfig().heapGrowthPercent);
  mkdirSync(outDir, { recursive: true });
  const results = process.env.BENCH_POSTGRES === '0' ? [] : await benchPostgres();
  if (PGLITE_ROWS > 0) await benchPGlite();
  for (const line of results) console.log(line);
}

async function benchPostgres(): Promise<string[]> {
  // A server set up for bulk loads, as a production one would be; the raw COPY it is compared
  // with runs on the same server.
  const cluster = process.env.DATABASE_URL ? null : await startPostgresCluster({
    settings: { shared_buffers: '1GB', max_wal_size: '8GB', checkpoint_timeout: '30min', work_mem: '64MB' },
  });
  if (cluster) countPostgresCpuOf(path.join(cluster.dir, 'data'));
  const handle = await openDatabase({ url: process.env.DATABASE_URL ?? cluster!.url, max: 4 });
  try {
    const { files, source, secondSource } = await prepareBench(handle, ROWS);
    const results: string[] = [];
    let floorInput: { files: string[]; seconds: number; copySeconds: number } | undefined;
    const jobFloorInputs: { name: Workload; writes: JobWrites; seconds: number; copySeconds: number }[] = [];
    for (const [name, file] of files) {
      const copySeconds = await timeRawCopy(handle, file);
      const since = await xidMarker(handle.postgres!);
      // The re-import is projected first (the dry run a validated job gets), timed apart from the import.
      const { seconds, counters, jobId } = await timeImport(handle, file, name === 'second source' ? secondSource.id : source.id,
        undefined, name === 're-import');
      const rss = process.resourceUsage().maxRSS / 1024;
      console.log(`${name}: ${(statSync(file).size / 1e6).toFixed(0)} MB, COPY ${copySeconds.toFixed(2)} s, import ${seconds.toFixed(2)} s`,
        JSON.stringify(counters));
      // Exported now, while the tables hold what this import wrote; timed once every workload has run.
      if (name === 'new') floorInput = { files: await exportWrittenRows(handle.postgres!, jobId, outDir), seconds, copySeconds };
      else jobFloorInputs.push({ name, writes: await exportJobWrites(handle.postgres!, jobId, since, outDir, name), seconds, copySeconds });
      results.push(`import ${ROWS} rows ${name}: ${Math.round(ROWS / seconds)} rows/s, ${(seconds / copySeconds).toFixed(1)}x COPY, ${Math.round(rss)} MB peak RSS`);
    }
    if (floorInput) {
      const { files, seconds, copySeconds } = floorInput;
      try {
        const floor = await timeWriteFloor(handle.postgres!, files, 'schema');
        console.log(`write floor of new: ${describeFloor(floor, copySeconds)}; the import took ${(seconds / floor.seconds).toFixed(1)}x the floor`);
        const bare = await timeWriteFloor(handle.postgres!, files, 'bare');
        console.log(`the same with primary keys only (no other index, no trigger): ${describeFloor(bare, copySeconds)}`);
      } finally {
        removeFloorFiles(files);
      }
    }
    for (const { name, writes, seconds, copySeconds } of jobFloorInputs) {
      try {
        const floor = await timeJobWriteFloor(handle.postgres!, writes);
        console.log(`write floor of ${name}: ${describeFloor(floor, copySeconds)}; the import took ${(seconds / floor.seconds).toFixed(1)}x the floor`);
      } finally {
        removeJobWriteFiles(writes);
      }
    }
    return results;
  } finally {
    await handle.close();
    await cluster?.stop();
  }
}

/**
 * The same workloads on the embedded PGlite in a fresh data folder, as the default installation
 * runs them. A job-status read (what the job page and GET /api/v1/jobs/{id} run) is asked every
 * 500 ms during each import; its answer time counts from when it was due, so a timer held back by
 * a busy event loop counts too.
 */
/** A migrated, seeded database with the first system's source and the second's, and the workload files. */
async function prepareBench(handle: DatabaseHandle, rows: number) {
  await migrateDatabase(handle);
  await seedDatabase(handle.db, () => {});
  const files = await workloadFiles(rows);
  const [source] = await handle.db.insert(externalSources).values({ name: `Bench ${Date.now()}` }).returning();
  const [secondSource] = await handle.db.insert(externalSources).values({ name: `Bench billing ${Date.now()}` }).returning();
  return { files, source, secondSource };
}

async function benchPGlite(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cbi-bench-pglite-'));
  const handle = await openDatabase({ dataDir });
  try {
    const { files, source, secondSource } = await prepareBench(handle, PGLITE_ROWS);
    for (const [name, file] of files) {
      const status = { slowest: 0, slowestAt: 0, calls: 0 };
      // The re-import's dry run too: on PGlite it holds the database for as long as it runs.
      const { seconds, counters } = await timeImport(handle, file, name === 'second source' ? secondSource.id : source.id, status,
        name === 're-import');
      console.log(`pglite ${name}: import ${seconds.toFixed(2)} s`, JSON.stringify(counters));
      console.log(`pglite ${PGLITE_ROWS} rows ${name}: ${Math.round(PGLITE_ROWS / seconds)} rows/s, slowest status answer ${
        Math.round(status.slowest)} ms (${status.calls} calls; the slowest asked ${status.slowestAt.toFixed(1)} s into the import)`);
    }
  } finally {
    await handle.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

interface StatusFigures { slowest: number; slowestAt: number; calls: number }

/** Asks for the job's status every 500 ms until stopped; keeps the slowest answer and when it was asked. */
function pollJobStatus(handle: DatabaseHandle, jobId: string, userId: string, into: StatusFigures) {
  const started = performance.now();
  let due = started + 500;
  let stopped = false;
  let timer: NodeJS.Timeout;
  const inFlight = new Set<Promise<void>>();
  const ask = async (askedAt: number) => {
    const [user] = await handle.db.select().from(users).where(eq(users.id, userId));
    const actor = { user: { id: user.id, email: user.email, name: user.name, locale: user.locale }, access: await loadAccess(handle.db, userId) };
    const job = await findVisibleJob(handle.db, actor, jobId, 'read');
    if (!job) throw new Error('status read found no job');
    await toJobView(handle.db, actor, job);
    const took = performance.now() - askedAt;
    if (took > into.slowest) Object.assign(into, { slowest: took, slowestAt: (askedAt - started) / 1000 });
    into.calls += 1;
  };
  const tick = () => {
    if (stopped) return;
    const askedAt = due;
    due += 500;
    timer = setTimeout(tick, Math.max(0, due - performance.now()));
    const call = ask(askedAt).finally(() => inFlight.delete(call));
    inFlight.add(call);
  };
  timer = setTimeout(tick, 500);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await Promise.all(inFlight);
  };
}

function describeFloor(floor: WriteFloor, copySeconds: number): string {
  return `${floor.perTable.map((t) => `${t.label} ${t.seconds.toFixed(2)} s (${t.rows} rows)`).join(', ')}; `
    + `${floor.seconds.toFixed(2)} s in all, ${(floor.seconds / copySeconds).toFixed(1)}x COPY`;
}

/** The floor: the same file COPYed as text into an unlogged table, no checks at all. */
async function timeRawCopy(handle: DatabaseHandle, file: string): Promise<number> {
  const client = handle.postgres!;
  await client.unsafe(`drop table if exists bench_copy; create unlogged table bench_copy (${HEADER.map((_, i) => `c${i} text`).join(', ')})`);
  const started = performance.now();
  const writable = await client.unsafe('copy bench_copy from stdin with (format csv, header true)').writable();
  await pipeline(createReadStream(file), writable);
  const seconds = (performance.now() - started) / 1000;
  await client.unsafe('drop table bench_copy');
  return seconds;
}

async function timeImport(handle: DatabaseHandle, file: string, sourceId: string, status?: StatusFigures, dryRunFirst = false) {
  const db = handle.db;
  const [admin] = await db.select().from(users).limit(1);
  const upload = await storeUpload(db, {
    fileName: path.basename(file), userId: admin.id, body: createReadStream(file), maxBytes: 4 * 2 ** 30,
  });
  if (upload.status !== 'ready') throw new Error(`upload rejected: ${upload.errorCode}`);
  const [division] = await queryRows<{ id: string }>(db, sql`select id from divisions where is_home`);
  const settings = settingsFor(upload.headers ?? [], sourceId);
  const [job] = await db.insert(importJobs).values({
    uploadId: upload.id, profileSnapshot: settings, divisionId: division.id, requestedBy: admin.id, status: 'running',
  }).returning();
  const options = { signal: new AbortController().signal, onProgress: () => {} };
  const nodeCpuBefore = process.cpuUsage();
  const postgresCpuBefore = postgresCpuSeconds();
  // With a dry run first, the status calls start after it: on PGlite every request waits for the
  // dry run's transaction, which its own line measures; the figure here stays the import's.
  let stopPolling = status && !dryRunFirst ? pollJobStatus(handle, job.id, admin.id, status) : null;
  const started = performance.now();
  let validation, imported, validateSeconds, seconds;
  let dryRunSeconds = 0;
  // The dry run's CPU is left out of the import's, as its time is.
  const dryRunCpu = { node: 0, postgres: 0 };
  try {
    validation = await importSteps.validate(db, job.id, options);
    validateSeconds = (performance.now() - started) / 1000;
    if (dryRunFirst) {
      const [nodeBefore, postgresBefore] = [process.cpuUsage(), postgresCpuSeconds()];
      const peakBefore = process.resourceUsage().maxRSS / 1024;
      dryRunSeconds = await timeDryRun(handle, job.id, validation.validRows);
      // This process's peak so far: whether the dry run (one long transaction) raised it.
      console.log(`  peak RSS ${Math.round(peakBefore)} MB before the dry run, ${Math.round(process.resourceUsage().maxRSS / 1024)} MB after it`);
      const nodeUsed = process.cpuUsage(nodeBefore);
      dryRunCpu.node = nodeUsed.user + nodeUsed.system;
      dryRunCpu.postgres = (postgresCpuSeconds() ?? 0) - (postgresBefore ?? 0);
      if (status) stopPolling = pollJobStatus(handle, job.id, admin.id, status);
    }
    const importStarted = performance.now();
    imported = await importSteps.importRows(db, job.id, options);
    seconds = (performance.now() - started) / 1000 - dryRunSeconds;
    if (dryRunFirst) {
      console.log(`${handle.driver === 'pglite' ? 'pglite ' : ''}dry run ${path.basename(file).replace(/-\d+\.csv$/, '')}: ${dryRunSeconds.toFixed(2)} s (import ${
        ((performance.now() - importStarted) / 1000).toFixed(2)} s)`);
      await compareProjection(handle, job.id, imported);
    }
  } finally {
    await stopPolling?.();
  }
  const nodeCpu = process.cpuUsage(nodeCpuBefore);
  const postgresCpuAfter = postgresCpuSeconds();
  console.log(`  CPU: import ${((nodeCpu.user + nodeCpu.system - dryRunCpu.node) / 1e6).toFixed(1)} s, postgres ${
    postgresCpuAfter === null || postgresCpuBefore === null ? '?' : (postgresCpuAfter - postgresCpuBefore - dryRunCpu.postgres).toFixed(1)} s, in ${seconds.toFixed(1)} s`);
  if (process.env.IMPORT_PHASE_TIMES === '1') console.log('  validate', validateSeconds.toFixed(2), 's; import phases (s):', JSON.stringify(takePhaseTimes()));
  await db.execute(sql`delete from upload_chunks where upload_id = ${upload.id}`);
  await db.update(importJobs).set({ status: 'completed' }).where(eq(importJobs.id, job.id));
  return { seconds, counters: { ...validation, ...imported }, jobId: job.id };
}

/** The projecting step on the validated job (it runs between validation and the import, as a worker would). */
async function timeDryRun(handle: DatabaseHandle, jobId: string, validRows: number): Promise<number> {
  await handle.db.update(importJobs).set({ step: 'validated', validRows }).where(eq(importJobs.id, jobId));
  const started = performance.now();
  await importSteps.project(handle.db, jobId, { signal: new AbortController().signal, onProgress: () => {} });
  const seconds = (performance.now() - started) / 1000;
  await handle.db.update(importJobs).set({ step: 'importing' }).where(eq(importJobs.id, jobId));
  return seconds;
}

/** Says so when the dry run's counters are not the import's (they must be: same engine, nothing in between). */
async function compareProjection(handle: DatabaseHandle, jobId: string, imported: ImportOutcome) {
  const [projection] = await handle.db.select().from(jobProjections).where(eq(jobProjections.jobId, jobId));
  const keys = ['inserted', 'updated', 'merged', 'unchanged', 'deleted', 'skipped', 'failed'] as const;
  const differ = keys.filter((key) => projection?.[key] !== imported[key]);
  if (projection?.status !== 'done' || differ.length > 0) {
    console.log(`  dry run counters differ from the import's: ${projection?.status} ${JSON.stringify(projection)} ${JSON.stringify(imported)}`);
  }
}

await main();
