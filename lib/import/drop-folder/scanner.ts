import { access, lstat, readdir, rename } from 'node:fs/promises';
import path from 'node:path';
import type { DatabaseHandle } from '../../../db/client';
import { importProfiles } from '../../../db/schema';
import { isImportFileName } from '../upload/xlsx/detect-format';
import { appendFileLog, newFileRecord, removeFileRecord, writeFileRecord } from './file-record';
import { FileStability } from './file-stability';
import { warnDropFolderOnce } from './process-log';
import { HISTORY, IN_PROCESS, isSafeFolder, reconcileProfileFolders, type ProfileFolder } from './profile-folders';
import { tryLockScan } from './scan-lock';
import { settleFile } from './settle-file';

export interface DropFolderScanner {
  /** One pass over the folder; false when another worker was scanning it. */
  scanOnce(): Promise<boolean>;
}

const exists = (p: string) => access(p).then(() => true, () => false);
const isDropped = (name: string) => !name.startsWith('.') && isImportFileName(name);

/**
 * Scans the drop folder: profile folders brought in line, files in InProcess/ followed (or
 * resumed after a stop), and stable new *.csv and *.xlsx files taken. Other files are left alone:
 * writers often copy to a temporary name and rename to .csv (or .xlsx) when done. One file's fault is logged and
 * does not stop the others; the file is looked at again on the next scan.
 */
export function createDropFolderScanner(handle: DatabaseHandle, root: string): DropFolderScanner {
  const stability = new FileStability();
  const followed = new Set<string>();

  const guarded = async (label: string, work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      console.error(`Drop folder: ${label} failed; trying again on the next scan`, error);
    }
  };

  async function settleInProcess(folder: ProfileFolder) {
    if (!await isSafeFolder(folder)) return;
    const inProcess = path.join(folder.dir, IN_PROCESS);
    const entries = await readdir(inProcess, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      // A link here (a file swapped after it was taken) is settled too: refused when opened, moved as it is.
      if (!(entry.isFile() || entry.isSymbolicLink()) || !isDropped(entry.name)) continue;
      await guarded(`${inProcess}/${entry.name}`, () => settleFile(handle.db, folder, entry.name, followed));
    }
  }

  async function takeNewFiles(folder: ProfileFolder) {
    const entries = await readdir(folder.dir, { withFileTypes: true });
    for (const entry of entries) {
      if (!entry.isFile() || !isDropped(entry.name)) continue;
      await guarded(`${folder.dir}/${entry.name}`, () => takeFile(folder, entry.name));
    }
  }

  async function takeFile(folder: ProfileFolder, name: string) {
    const from = path.join(folder.dir, name);
    // lstat: a file swapped for a link since the listing is not followed (and not taken).
    const info = await lstat(from).catch(() => undefined);
    if (!info?.isFile() || !stability.isStable(from, info.size, info.mtimeMs)) return;
    const inProcess = path.join(folder.dir, IN_PROCESS);
    if (await exists(path.join(inProcess, name))) {
      warnDropFolderOnce(`busy:${from}`, `${from} waits: a file of that name is still in ${IN_PROCESS}/`);
      return;
    }
    const record = newFileRecord(folder.profileId, name);
    // A file of that name ended within this very second: the History name is taken, wait a second.
    if (await exists(path.join(folder.dir, HISTORY, record.historyName))) return;
    // Again just before the move: InProcess/ may have become a link to another folder meanwhile.
    // A file swapped for a link after the lstat above is moved as the link, and refused when opened.
    if (!await isSafeFolder(folder)) return;
    await rename(from, path.join(inProcess, name));
    // A record or log left at these names is stale, or a link planted there: start afresh (rm does not follow links).
    await removeFileRecord(inProcess, name);
    await writeFileRecord(inProcess, name, record);
    await appendFileLog(inProcess, name,
      `taken (${info.size} bytes, last changed ${new Date(info.mtimeMs).toISOString()}) for profile ${folder.profileId}`);
    await settleFile(handle.db, folder, name, followed);
  }

  return {
    async scanOnce() {
      const lock = await tryLockScan(handle);
      if (!lock) return false;
      try {
        const profiles = await handle.db.select({ id: importProfiles.id, name: importProfiles.name, createdAt: importProfiles.createdAt })
          .from(importProfiles);
        for (const folder of await reconcileProfileFolders(root, profiles)) {
          await settleInProcess(folder);
          if (folder.live) await guarded(folder.dir, () => takeNewFiles(folder));
        }
        stability.endScan();
      } finally {
        await lock.release();
      }
      return true;
    },
  };
}
