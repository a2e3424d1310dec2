/**
 * `npm run bench:xlsx`: the read path of an Excel workbook against the same rows as a CSV. Writes a
 * workbook of BENCH_XLSX_ROWS rows (default 1,000,000: about 100 MB) with exceljs's streaming writer
 * and shared strings, as Excel and most exports write them, and the same rows as a CSV; then, for
 * each file, runs what the web process does in a process of its own (the upload: stored in
 * PostgreSQL, checked, a workbook's sheet written as its readable CSV; a preview), and what the
 * import process does in another (a validation pass: every record through the row validator), so
 * that each peak RSS is its own. Prints rows/s and the peak RSS after each phase. Figures only:
 * nothing here asserts a time.
 *
 * DATABASE_URL to use an existing server (a throwaway cluster is started otherwise).
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { openDatabase, migrateDatabase } from '../db/client';
import { seedDatabase } from '../db/seed';
import { eq } from 'drizzle-orm';
import { uploads, users } from '../db/schema';
import { storeUpload } from '../lib/import/upload/store-upload';
import { parseUploadRecords, previewUpload } from '../lib/import/upload/read-upload';
import { createRowValidator } from '../lib/import/rows/validate-row';
import { readJobRunnerConfig } from '../lib/import/jobs/queue/config';
import { limitHeapGrowth } from '../lib/import/jobs/queue/heap-growth';
import { settingsFor } from '../tests/support/import-pipeline';
import { startPostgresCluster } from '../tests/support/postgres-cluster';
import { csvLine, HEADER, person, writeCsv } from './generate';

const ROWS = Number(process.env.BENCH_XLSX_ROWS ?? 1_000_000);
const outDir = path.join(os.tmpdir(), 'cbi-bench');
const MB = 1024 * 1024;

/**
 * This process's peak RSS in MB. Linux's VmHWM belongs to the process's own memory: getrusage's
 * maxRSS would carry over the parent's peak through fork and exec (the workbook writer's).
 */
function peakMb(): number {
  const hwm = /^VmHWM:\s+(\d+) kB/m.exec(existsSync('/proc/self/status') ? readFileSync('/proc/self/status', 'utf8') : '');
  return Math.round((hwm ? Number(hwm[1]) : process.resourceUsage().maxRSS) / 1024);
}

/** The new workload's people as a workbook: shared strings, the postal code a zero-padded number. */
async function writeWorkbook(file: string, rows: number): Promise<void> {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true });
  const sheet = book.addWorksheet('Contacts');
  sheet.addRow(HEADER).commit();
  for (let i = 0; i < rows; i += 1) {
    const p = person(i);
    const row = sheet.addRow([p.externalId, p.first, p.last, p.title, p.workEmail, p.personalEmail, p.workPhone, p.cellPhone,
      p.street, p.city, Number(p.postal), 'US', true]);
    row.getCell(11).numFmt = '00000';
    row.commit();
  }
  sheet.commit();
  await book.commit();
}

/** The workbook's rows as CSV lines (Callable is 1 there, TRUE in the workbook). */
function* samePeople(rows: number): Iterable<string> {
  for (let i = 0; i < rows; i += 1) yield csvLine(person(i));
}

async function main() {
  const [mode, file, url] = process.argv.slice(2);
  if (mode === 'upload') return measureUpload(file, url);
  if (mode === 'validate') return measureValidation(file, url);
  mkdirSync(outDir, { recursive: true });
  const xlsx = path.join(outDir, `contacts-${ROWS}.xlsx`);
  const csv = path.join(outDir, `contacts-${ROWS}.csv`);
  if (!existsSync(xlsx)) {
    console.log(`writing ${ROWS} rows to ${xlsx}`);
    await writeWorkbook(xlsx, ROWS);
  }
  if (!existsSync(csv)) await writeCsv(csv, samePeople(ROWS));
  console.log(`workbook ${(statSync(xlsx).size / MB).toFixed(1)} MB, CSV ${(statSync(csv).size / MB).toFixed(1)} MB, ${ROWS} rows`);
  const cluster = process.env.DATABASE_URL ? null : await startPostgresCluster();
  const dbUrl = process.env.DATABASE_URL ?? cluster!.url;
  const handle = await openDatabase({ url: dbUrl, max: 2 });
  try {
    await migrateDatabase(handle);
    await seedDatabase(handle.db, () => {});
  } finally {
    await handle.close();
  }
  try {
    for (const target of [csv, xlsx]) {
      for (const mode of ['upload', 'validate']) {
        const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1], mode, target, dbUrl],
          { stdio: 'inherit', env: process.env });
        if (child.status !== 0) throw new Error(`measuring ${mode} of ${target} failed (${child.status})`);
      }
    }
  } finally {
    await cluster?.stop();
  }
}

/** Where the upload process leaves the upload's id for the validation process. */
const uploadIdFile = (file: string) => `${file}.upload-id`;

function printer(file: string) {
  const label = path.extname(file).slice(1);
  return {
    start: (role: string) => console.log(`${label.padEnd(4)} ${`${role} process start`.padEnd(47)}peak RSS ${peakMb()} MB`),
    line: (phase: string, seconds: number, rows: number) => console.log(
      `${label.padEnd(4)} ${phase.padEnd(26)} ${seconds.toFixed(1).padStart(7)} s ${String(Math.round(rows / seconds)).padStart(9)} rows/s  peak RSS ${peakMb()} MB`),
  };
}

/** What the web process does with the file: the upload (and a workbook's readable form), a preview. */
async function measureUpload(file: string, url: string) {
  limitHeapGrowth(readJobRunnerConfig().heapGrowthPercent); // as before: the web server runs a worker too
  const { start: started, line } = printer(file);
  const handle = await openDatabase({ url, max: 2 });
  try {
    started('web');
    const [user] = await handle.db.select({ id: users.id }).from(users).limit(1);
    let start = performance.now();
    const upload = await storeUpload(handle.db, {
      fileName: path.basename(file), userId: user.id, body: createReadStream(file, { highWaterMark: MB }),
      maxBytes: 2 * 1024 * MB, quotaBytes: 8 * 1024 * MB,
    });
    if (upload.status !== 'ready') throw new Error(`upload refused: ${upload.errorCode}`);
    line('upload (stored, checked)', (performance.now() - start) / 1000, upload.rowCount ?? 0);
    if (upload.readablePart !== null) console.log(`     readable form: ${(upload.readableBytes / MB).toFixed(1)} MB of CSV`);
    start = performance.now();
    await previewUpload(handle.db, upload.id, 10);
    line('preview (10 rows)', (performance.now() - start) / 1000, 10);
    writeFileSync(uploadIdFile(file), upload.id);
  } finally {
    await handle.close();
  }
}

/** What the import process does with the stored upload: a validation pass over every record. */
async function measureValidation(file: string, url: string) {
  limitHeapGrowth(readJobRunnerConfig().heapGrowthPercent);
  const { start: started, line } = printer(file);
  const handle = await openDatabase({ url, max: 2 });
  try {
    started('import');
    const [upload] = await handle.db.select().from(uploads).where(eq(uploads.id, readFileSync(uploadIdFile(file), 'utf8')));
    const start = performance.now();
    const validate = createRowValidator(settingsFor(upload.headers ?? [], '00000000-0000-4000-8000-000000000000'), upload.headers ?? []);
    let valid = 0;
    let seen = 0;
    for await (const record of parseUploadRecords(handle.db, upload.id, upload)) {
      seen += 1;
      if (validate(record.cells, record.line).ok) valid += 1;
    }
    line(`validation (${valid}/${seen} valid)`, (performance.now() - start) / 1000, seen);
  } finally {
    await handle.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
