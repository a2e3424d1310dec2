import { randomUUID } from 'node:crypto';
import { appendFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { logDropFolder } from './process-log';
import { APPEND_FLAGS, WRITE_FLAGS, readTextNoFollow } from './safe-paths';

/**
 * What is known of a file in InProcess/, kept beside it in a hidden `.<name>.json`: written before
 * its upload and job are created, so a process that dies at any point leaves enough to go on
 * without importing the file twice. The token is also in the job's audit row (same transaction as
 * the job), which finds the job when the process died before writing its id here.
 */
export interface FileRecord {
  token: string;
  profileId: string;
  /** When the file was taken (ISO): the time in its History name. */
  pickedUpAt: string;
  historyName: string;
  uploadId?: string;
  jobId?: string;
}

const recordPath = (inProcessDir: string, fileName: string) => path.join(inProcessDir, `.${fileName}.json`);
const logPath = (inProcessDir: string, fileName: string) => path.join(inProcessDir, `.${fileName}.log`);

/** `yyyyMMdd_HHmmss` in the server's time zone, as the History names of seed 003. */
export function historyStamp(date: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}${p(date.getMonth() + 1)}${p(date.getDate())}_${p(date.getHours())}${p(date.getMinutes())}${p(date.getSeconds())}`;
}

export function newFileRecord(profileId: string, fileName: string, now = new Date()): FileRecord {
  return {
    token: randomUUID(), profileId, pickedUpAt: now.toISOString(), historyName: `${historyStamp(now)}_${fileName}`,
  };
}

export async function readFileRecord(inProcessDir: string, fileName: string): Promise<FileRecord | undefined> {
  try {
    return JSON.parse(await readTextNoFollow(recordPath(inProcessDir, fileName))) as FileRecord;
  } catch {
    return undefined;
  }
}

/** Written whole then renamed over the old one, so a crash never leaves half a record. */
export async function writeFileRecord(inProcessDir: string, fileName: string, record: FileRecord): Promise<void> {
  const target = recordPath(inProcessDir, fileName);
  // O_NOFOLLOW: a link planted at the temporary name does not redirect the write.
  await writeFile(`${target}.tmp`, JSON.stringify(record), { flag: WRITE_FLAGS });
  await rename(`${target}.tmp`, target);
}

/** One timestamped line of the file's .log, also written to the process log. */
export async function appendFileLog(inProcessDir: string, fileName: string, message: string): Promise<void> {
  logDropFolder(`${path.basename(path.dirname(inProcessDir))}/${fileName}: ${message}`);
  await appendFile(logPath(inProcessDir, fileName), `${new Date().toISOString()} ${message}\n`, { flag: APPEND_FLAGS });
}

export async function readFileLog(inProcessDir: string, fileName: string): Promise<string> {
  return readTextNoFollow(logPath(inProcessDir, fileName)).catch(() => '');
}

export async function removeFileRecord(inProcessDir: string, fileName: string): Promise<void> {
  await rm(recordPath(inProcessDir, fileName), { force: true });
  await rm(logPath(inProcessDir, fileName), { force: true });
}
