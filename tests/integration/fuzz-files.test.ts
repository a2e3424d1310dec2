import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows, type DatabaseHandle } from '@/db/client';
import { divisions, externalSources } from '@/db/schema';
import { executeOperation, type OperationContext } from '@/lib/actions/operation';
import { ROW_ERROR_CODES, createRowValidator } from '@/lib/import/rows/validate-row';
import { parseCsvRecords } from '@/lib/import/upload/csv-records';
import { decodeToUtf8 } from '@/lib/import/upload/encoding/decode';
import type { TextEncoding } from '@/lib/import/upload/encoding/encodings';
import { UPLOAD_ERROR_CODES, UploadRejection } from '@/lib/import/upload/errors';
import { createInboundCheck } from '@/lib/import/upload/inbound-check';
import { uploadCsvFile } from '@/lib/import/upload/operations';
import { createImportJob } from '@/lib/import/jobs/lifecycle';
import { startJobWorker, type JobWorker } from '@/lib/import/jobs/queue/worker';
import { createActor } from '../support/fixtures';
import { describeFile, fuzzFile, importableFile, type FuzzFile } from '../support/fuzz-files';
import { settingsFor } from '../support/import-pipeline';
import { createProfile, isEnded, waitForJob } from '../support/job-fixtures';
import { createTestDatabase, testDriver } from '../support/test-db';

// Hostile files through the upload checks, row validation and (1 in 20) a real import by a job
// worker. Each file is refused with a known upload error code, or gets through with every row
// valid or failed with a known row error code: no crash, no unhandled rejection, no job left
// running, memory flat. FUZZ_RUNS raises the number of cases (default 1,000); FUZZ_SEED replays
// a run (the seed is printed at the start, and fast-check prints seed and path of a failure).

const RUNS = Math.max(1, Number(process.env.FUZZ_RUNS) || 1000);
const DB_SHARE = 20;
const SEED = Number.isSafeInteger(Number(process.env.FUZZ_SEED)) && process.env.FUZZ_SEED
  ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
/** Growth of the heap in use (after a full GC) over the whole run. */
const HEAP_GROWTH_LIMIT_MB = 48;
/** Growth of the resident size: PGlite's WebAssembly memory grows and never shrinks, hence more room. */
const RSS_GROWTH_LIMIT_MB = 400;

const uploadCodes = new Set<string>(UPLOAD_ERROR_CODES);
const rowCodes = new Set<string>(ROW_ERROR_CODES);
const FAST = { heartbeatMs: 200, pollingSeconds: 0.5 };

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const MB = 1024 * 1024;
function memory() {
  gc();
  gc();
  const { heapUsed, rss } = process.memoryUsage();
  return { heapUsed, rss };
}

let handle: DatabaseHandle;
let worker: JobWorker;
let actor: OperationContext;
let divisionId: string;
let sourceId: string;
let profileId: string;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => { unhandled.push(reason); };
const stats = { cases: 0, refused: new Map<string, number>(), accepted: 0, rows: 0, rowErrors: new Map<string, number>(), jobs: 0, jobsCompleted: 0 };
const count = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
let before: { heapUsed: number; rss: number };
let startedAt = 0;

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  handle = await createTestDatabase();
  const [division] = await handle.db.insert(divisions).values({ name: 'Fuzz division' }).returning();
  divisionId = division.id;
  const [source] = await handle.db.insert(externalSources).values({ name: 'Fuzz CRM' }).returning();
  sourceId = source.id;
  profileId = (await createProfile(handle.db)).id;
  actor = await createActor(handle.db, ['externalContacts:importCsvUpload:add', 'externalContacts:importCsvUpload:view'], divisionId);
  worker = await startJobWorker(handle, { config: FAST });
  console.log(`fuzz-files: seed ${SEED}, ${RUNS} cases (FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS} to replay), driver ${testDriver()}`);
  before = memory();
  startedAt = Date.now();
});

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await worker?.stop();
  await handle?.close();
});

/** The file in pieces of the given sizes (cycled), as a network cuts it. */
function* piecesOf(bytes: Uint8Array, sizes: readonly number[]): Generator<Uint8Array> {
  let offset = 0;
  for (let i = 0; offset < bytes.length; i++) {
    const size = sizes[i % sizes.length];
    yield bytes.subarray(offset, offset + size);
    offset += size;
  }
}

type Verdict = { refused: string; params: unknown } | { headers: string[]; separator: string; rowCount: number; encoding: TextEncoding };

/**
 * The upload checks' verdict on a file fed in pieces (then, for a file that is not UTF-8, read
 * again from the start as from storage); anything but a refusal with a known code is a crash.
 */
async function check(bytes: Uint8Array, sizes: readonly number[]): Promise<Verdict> {
  const checker = createInboundCheck();
  try {
    for (const piece of piecesOf(bytes, sizes)) checker.push(piece);
    const facts = await checker.finish(() => asyncPieces(bytes, sizes));
    return { headers: facts.headers, separator: facts.separator, rowCount: facts.rowCount, encoding: facts.encoding };
  } catch (error) {
    if (error instanceof UploadRejection && uploadCodes.has(error.code)) return { refused: error.code, params: error.params };
    throw error;
  }
}

async function* asyncPieces(bytes: Uint8Array, sizes: readonly number[]) {
  yield* piecesOf(bytes, sizes);
}

/** Checks, parses and validates one file in memory, as the upload and the validation step do. */
async function checkAndValidate(file: FuzzFile, sizes: readonly number[]): Promise<void> {
  stats.cases += 1;
  // The checks only await microtasks: let the event loop (and vitest's worker messages) run.
  if (stats.cases % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
  const verdict = await check(file.bytes, sizes);
  // However the file is cut, the verdict is the same (of a file with several faults, the checks
  // may meet one or another first: any refusal then).
  const whole = await check(file.bytes, [file.bytes.length || 1]);
  if ('refused' in verdict) expect(whole).toHaveProperty('refused');
  else expect(whole).toEqual(verdict);
  if ('refused' in verdict) {
    count(stats.refused, verdict.refused);
    return;
  }
  stats.accepted += 1;
  const validate = createRowValidator(settingsFor(verdict.headers, sourceId), verdict.headers);
  let records = 0;
  let lastLine = 1;
  const text = decodeToUtf8(asyncPieces(file.bytes, sizes), verdict.encoding);
  for await (const record of parseCsvRecords(text, { separator: verdict.separator as ',' })) {
    records += 1;
    expect(record.line).toBeGreaterThan(lastLine);
    lastLine = record.line;
    const result = validate(record.cells, record.line);
    if (!result.ok) {
      expect(result.errors.length).toBeGreaterThan(0);
      for (const error of result.errors) {
        expect(rowCodes, `row error code ${error.code}`).toContain(error.code);
        count(stats.rowErrors, error.code);
      }
    }
  }
  stats.rows += records;
  // The row count shown after the upload is the number of rows the import reads.
  expect(records, 'records parsed vs rowCount of the upload checks').toBe(verdict.rowCount);
}

/** The same file through the upload operation and, when accepted, a real job run by the worker. */
async function uploadAndImport(file: FuzzFile): Promise<void> {
  stats.jobs += 1;
  async function* body() { yield file.bytes; }
  const result = await executeOperation(uploadCsvFile, { fileName: 'fuzz.csv', body: body() }, actor);
  if (!result.ok) {
    expect(result.status).toBe(422);
    const code = result.error.key.replace(/^uploads\.errors\./, '');
    expect(uploadCodes, `upload refused with ${result.error.key}`).toContain(code);
    return;
  }
  const upload = result.data;
  const job = await createImportJob(handle.db, {
    uploadId: upload.id, profileId, divisionId, description: 'fuzz', requestedBy: actor.user.id, autoContinue: true,
    settings: settingsFor(upload.headers ?? [], sourceId),
  });
  const ended = await waitForJob(handle.db, job.id, isEnded, 60_000);
  expect(ended, `job ${job.id} ended ${ended.status} (${ended.errorCode}: ${ended.errorMessage})`).toMatchObject({ status: 'completed' });
  expect(ended.rowsInFile).toBe(upload.rowCount);
  expect(ended.validRows + ended.invalidRows).toBe(upload.rowCount);
  const errors = await queryRows<{ code: string }>(handle.db, sql`select distinct code from job_row_errors where job_id = ${job.id} and severity = 'error'`);
  for (const { code } of errors) expect(rowCodes, `row error code ${code} in the job`).toContain(code);
  if (ended.invalidRows > 0) expect(errors.length).toBeGreaterThan(0);
  stats.jobsCompleted += 1;
}

const pieceSizes = fc.array(fc.integer({ min: 1, max: 4096 }), { minLength: 1, maxLength: 4 });

describe(`fuzzed files (${RUNS} cases, 1 in ${DB_SHARE} through a real import)`, () => {
  it('are refused with a known code or imported with per-row errors, in memory', async () => {
    const runs = RUNS - Math.ceil(RUNS / DB_SHARE);
    await fc.assert(fc.asyncProperty(fuzzFile, pieceSizes, async (file, sizes) => {
      try {
        await checkAndValidate(file, sizes);
      } catch (error) {
        throw new Error(`${describeFile(file)}\n${error instanceof Error ? error.stack : String(error)}`);
      }
    }), { numRuns: runs, seed: SEED });
  }, 600_000);

  it('through the upload operation and a job run by the worker, with no job left running', async () => {
    const runs = Math.ceil(RUNS / DB_SHARE);
    await fc.assert(fc.asyncProperty(fc.oneof({ weight: 3, arbitrary: importableFile }, { weight: 1, arbitrary: fuzzFile }), async (file) => {
      try {
        await uploadAndImport(file);
      } catch (error) {
        throw new Error(`${describeFile(file)}\n${error instanceof Error ? error.stack : String(error)}`);
      }
    }), { numRuns: runs, seed: SEED + 1, endOnFailure: true });
    const [running] = await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from import_jobs where status in ('created', 'running')`);
    expect(running.n).toBe(0);
  }, 1_200_000);

  it('leave no unhandled rejection and the memory flat', () => {
    const after = memory();
    const heapMb = (after.heapUsed - before.heapUsed) / MB;
    const rssMb = (after.rss - before.rss) / MB;
    const seconds = (Date.now() - startedAt) / 1000;
    console.log(`fuzz-files [${testDriver()}]: ${stats.cases + stats.jobs} cases in ${seconds.toFixed(1)} s, seed ${SEED}; `
      + `in memory ${stats.cases} (${stats.accepted} accepted, ${stats.rows} rows), through the upload operation ${stats.jobs} (${stats.jobsCompleted} imported by a job); `
      + `refused ${JSON.stringify(Object.fromEntries(stats.refused))}; row errors ${JSON.stringify(Object.fromEntries(stats.rowErrors))}; `
      + `heap ${heapMb >= 0 ? '+' : ''}${heapMb.toFixed(1)} MB, RSS ${rssMb >= 0 ? '+' : ''}${rssMb.toFixed(1)} MB`);
    expect(unhandled.map(String)).toEqual([]);
    expect(heapMb).toBeLessThan(HEAP_GROWTH_LIMIT_MB);
    expect(rssMb).toBeLessThan(RSS_GROWTH_LIMIT_MB);
  });
});
