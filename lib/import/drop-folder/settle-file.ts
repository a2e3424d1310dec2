import path from 'node:path';
import type { AppDatabase } from '../../../db/client';
import { appendFileLog, newFileRecord, readFileRecord, removeFileRecord, writeFileRecord } from './file-record';
import { findJobOfFile } from './find-job';
import { finishFile, type FileEnd } from './finish-file';
import { IN_PROCESS, isSafeFolder, type ProfileFolder } from './profile-folders';
import { startFileImport } from './start-file-import';

const ENDED = new Set(['completed', 'failed', 'cancelled']);

/**
 * One look at a file of InProcess/: import it if it has no job yet, move it to History/ once its
 * job ended, else leave it. The same step serves a file just taken and one left by a stopped
 * process, so a restart needs no special path. `followed`: jobs this process saw running.
 */
export async function settleFile(
  db: AppDatabase, folder: ProfileFolder, fileName: string, followed: Set<string>,
): Promise<void> {
  const inProcess = path.join(folder.dir, IN_PROCESS);
  // The folder may have been swapped for a link since the scan looked at it: then left alone.
  if (!await isSafeFolder(folder)) return;
  let record = await readFileRecord(inProcess, fileName);
  if (!record) {
    // Moved here, then the process stopped before writing the record: no job can exist yet.
    record = newFileRecord(folder.profileId, fileName);
    await removeFileRecord(inProcess, fileName);
    await writeFileRecord(inProcess, fileName, record);
    await appendFileLog(inProcess, fileName, `found in ${IN_PROCESS}/ with no record (a worker stopped as it took it): importing it`);
  }
  const known = record;
  // Checked again right before the move to History/, which may have become a link meanwhile.
  const finish = async (end: FileEnd) => {
    if (await isSafeFolder(folder)) await finishFile(folder, fileName, known, end);
  };
  const job = await findJobOfFile(db, record);
  if (!job) {
    if (record.jobId) {
      await finish({ refusal: { code: 'jobNotFound', key: 'dropFolder.errors.jobNotFound' } });
      return;
    }
    const started = await startFileImport(db, folder, fileName, record);
    if ('jobId' in started) followed.add(started.jobId);
    else await finish({ refusal: started });
    return;
  }
  if (record.jobId !== job.id) {
    record.jobId = job.id;
    await writeFileRecord(inProcess, fileName, record);
    await appendFileLog(inProcess, fileName, `found its job ${job.id}, created before a worker stopped`);
  }
  if (ENDED.has(job.status)) {
    await finish({ job });
    followed.delete(job.id);
  } else if (!followed.has(job.id)) {
    followed.add(job.id);
    await appendFileLog(inProcess, fileName,
      `following job ${job.id} (${job.status}, ${job.step}), started before process ${process.pid} took over the folder`);
  }
}
