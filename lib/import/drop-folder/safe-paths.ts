import { constants } from 'node:fs';
import { lstat, open, type FileHandle } from 'node:fs/promises';

// The drop folder is written by people and programs we do not control: anything in it may be a
// symbolic link put there to make the service read, move or write another folder's files. Folders
// are checked with lstat (which does not follow links) before each use, files are opened with
// O_NOFOLLOW and checked to be regular files on the open handle (fstat), so a swap after the check
// gets a refusal rather than another file.

const warned = new Set<string>();

/** A refusal in the server log (console.error), once per process and subject: scans repeat every few seconds. */
export function logRefusalOnce(key: string, message: string): void {
  if (warned.has(key)) return;
  warned.add(key);
  console.error(`Drop folder: refused: ${message}`);
}

/** Whether `dir` is a real directory, not a symbolic link (to a directory or anything else). */
export async function isRealDirectory(dir: string): Promise<boolean> {
  const info = await lstat(dir).catch(() => undefined);
  return Boolean(info?.isDirectory());
}

/** The first of `dirs` that is missing or a symbolic link; undefined when all are real directories. */
export async function firstUnsafeDirectory(dirs: readonly string[]): Promise<string | undefined> {
  for (const dir of dirs) if (!await isRealDirectory(dir)) return dir;
  return undefined;
}

// O_NONBLOCK: opening a FIFO (a named pipe) for reading would otherwise wait for a writer forever.
// It changes nothing for a regular file.
const READ_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/**
 * Opens a dropped file for reading without following a symbolic link, or answers why not: the
 * caller closes the handle. `notRegularFile`: a link, a folder, a pipe or a device, not a file.
 */
export async function openDroppedFile(filePath: string): Promise<{ handle: FileHandle; size: number } | 'notRegularFile'> {
  let handle: FileHandle;
  try {
    handle = await open(filePath, READ_FLAGS);
  } catch (error) {
    // ELOOP: the last part of the path is a symbolic link.
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') return refuse(filePath, 'it is a symbolic link');
    throw error;
  }
  const info = await handle.stat();
  if (!info.isFile()) {
    await handle.close();
    return refuse(filePath, 'it is not a regular file');
  }
  return { handle, size: info.size };
}

function refuse(filePath: string, why: string): 'notRegularFile' {
  console.error(`Drop folder: refused: ${filePath}: ${why}; it is not read`);
  return 'notRegularFile';
}

/** Flags to write a report or record file without following a symbolic link planted at its name. */
export const WRITE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW;
export const APPEND_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | constants.O_NOFOLLOW;

/** A small file's text (a record, a log), not following a symbolic link at its name. */
export async function readTextNoFollow(filePath: string): Promise<string> {
  const handle = await open(filePath, READ_FLAGS);
  try {
    if (!(await handle.stat()).isFile()) throw new Error(`${filePath} is not a regular file`);
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}
