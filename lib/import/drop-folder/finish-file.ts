import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { getTranslator } from '../../i18n/translator';
import { jobErrorKey } from '../jobs/job-errors';
import type { ImportJob } from '../jobs/lifecycle';
import { appendFileLog, readFileLog, removeFileRecord, type FileRecord } from './file-record';
import { HISTORY, IN_PROCESS, type ProfileFolder } from './profile-folders';
import { WRITE_FLAGS } from './safe-paths';
import type { FileRefusal } from './start-file-import';

/** How a file's import ended: its job (completed, failed, cancelled), or why there was none. */
export interface FileEnd {
  job?: ImportJob;
  refusal?: FileRefusal;
}

/** The counters of the .result file, in the order of the Imports page. */
export function resultText(job: ImportJob | undefined, status: string): string {
  const counters: [string, number | string][] = [
    ['status', status], ['jobId', job?.id ?? ''],
    ['inFile', job?.rowsInFile ?? 0], ['valid', job?.validRows ?? 0], ['invalid', job?.invalidRows ?? 0],
    ['inserted', job?.inserted ?? 0], ['updated', job?.updated ?? 0], ['merged', job?.merged ?? 0],
    ['deleted', job?.deleted ?? 0], ['unchanged', job?.unchanged ?? 0], ['failed', job?.failed ?? 0],
    ['imported', job?.imported ?? 0], ['notImported', job?.notImported ?? 0], ['skipped', job?.skipped ?? 0],
  ];
  return counters.map(([key, value]) => `${key}=${value}\n`).join('');
}

function errorOf({ job, refusal }: FileEnd): FileRefusal | undefined {
  if (refusal) return refusal;
  if (job?.status === 'cancelled') return { code: 'cancelled', key: 'dropFolder.errors.cancelled' };
  if (job?.status === 'failed') {
    // The code and its message only: the error's own text is in the server log (job-errors.ts).
    const code = job.errorCode ?? 'importFailed';
    return { code, key: jobErrorKey(code) };
  }
  return undefined;
}

/**
 * Moves a file of InProcess/ to History/<yyyyMMdd_HHmmss>_<name> with its .log, .result and, when
 * it was refused or its job failed or was cancelled, .err (the code, then the English message).
 * The reports are written first and the file moved last, under names fixed when the file was
 * taken: a stop half-way is finished by the next scan, overwriting the same reports.
 */
export async function finishFile(folder: ProfileFolder, fileName: string, record: FileRecord, end: FileEnd): Promise<void> {
  const inProcess = path.join(folder.dir, IN_PROCESS);
  const target = path.join(folder.dir, HISTORY, record.historyName);
  const error = errorOf(end);
  const message = error ? getTranslator('en')(error.key, error.params ?? {}) : '';
  const { job } = end;
  if (job) {
    await appendFileLog(inProcess, fileName, `job ${job.id} ${job.status}`
      + ` (started ${job.startedAt?.toISOString() ?? '-'}, finished ${job.finishedAt?.toISOString() ?? '-'}):`
      + ` ${job.rowsInFile} rows in file, ${job.validRows} valid, ${job.invalidRows} invalid,`
      + ` ${job.imported} imported, ${job.skipped} skipped, ${job.notImported} not imported`);
  }
  if (error) await appendFileLog(inProcess, fileName, `error ${error.code}: ${message}`);
  await appendFileLog(inProcess, fileName, `moved to ${HISTORY}/${record.historyName}`);

  // WRITE_FLAGS (O_NOFOLLOW): a link planted at a report's name does not redirect the write.
  await writeFile(`${target}.log`, await readFileLog(inProcess, fileName), { flag: WRITE_FLAGS });
  if (error) await writeFile(`${target}.err`, `${error.code}\n${message}\n`, { flag: WRITE_FLAGS });
  await writeFile(`${target}.result`, resultText(job, job?.status ?? 'refused'), { flag: WRITE_FLAGS });
  await rename(path.join(inProcess, fileName), target);
  await removeFileRecord(inProcess, fileName);
}
