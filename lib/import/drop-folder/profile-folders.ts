import { lstat, mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { assignFolderNames, type NamedProfile } from './folder-names';
import { logDropFolder, warnDropFolderOnce } from './process-log';
import { isRealDirectory, logRefusalOnce } from './safe-paths';

/** Inside each profile folder: the profile's id, so a renamed profile's folder is found again. */
export const PROFILE_MARKER = '.profile-id';
export const IN_PROCESS = 'InProcess';
export const HISTORY = 'History';

export interface ProfileFolder {
  profileId: string;
  dir: string;
  /** False for the folder of a deleted profile: its running files are followed, nothing new is taken. */
  live: boolean;
}

async function readMarker(dir: string): Promise<string | undefined> {
  try {
    return (await readFile(path.join(dir, PROFILE_MARKER), 'utf8')).trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Brings the root in line with the profiles: a folder (with InProcess/ and History/) for each,
 * named after it, renamed when the profile was renamed. Runs on every scan instead of hooking
 * the profile operations, so it also catches up with changes made while no worker ran.
 */
export async function reconcileProfileFolders(root: string, profiles: readonly NamedProfile[]): Promise<ProfileFolder[]> {
  await mkdir(root, { recursive: true });
  const dirents = await readdir(root, { withFileTypes: true });
  for (const link of dirents.filter((e) => e.isSymbolicLink() && !e.name.startsWith('.'))) {
    logRefusalOnce(`link:${path.join(root, link.name)}`, `"${path.join(root, link.name)}" is a symbolic link, not a profile folder: it is not used`);
  }
  const entries = dirents.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name).sort();
  const byProfile = new Map<string, string>();
  const markerOf = new Map<string, string | undefined>();
  for (const name of entries) {
    const id = await readMarker(path.join(root, name));
    markerOf.set(name, id);
    if (!id) continue;
    if (byProfile.has(id)) warnDropFolderOnce(`copy:${name}`, `folder "${name}" repeats the marker of "${byProfile.get(id)}"; it is ignored`);
    else byProfile.set(id, name);
  }

  const wanted = assignFolderNames(profiles);
  const folders: ProfileFolder[] = [];
  for (const profile of profiles) {
    const target = wanted.get(profile.id)!;
    const current = byProfile.get(profile.id);
    byProfile.delete(profile.id);
    try {
      const name = await placeFolder(root, profile.id, current, target, entries, markerOf);
      if (!name) continue;
      const dir = path.join(root, name);
      // A link is refused below (isSafeFolder); mkdir would go through it without a word.
      if (await isRealDirectory(dir)) {
        await mkdir(path.join(dir, IN_PROCESS), { recursive: true });
        await mkdir(path.join(dir, HISTORY), { recursive: true });
      }
      folders.push({ profileId: profile.id, dir, live: true });
    } catch (error) {
      // One folder the file system refuses (permissions, a name it rejects) leaves the others working.
      warnDropFolderOnce(`failed:${profile.id}:${target}`, `the folder of profile ${profile.id} ("${target}"): ${String(error)}`);
      if (current !== undefined) folders.push({ profileId: profile.id, dir: path.join(root, current), live: true });
    }
  }
  for (const [profileId, name] of byProfile) folders.push({ profileId, dir: path.join(root, name), live: false });
  const safe: ProfileFolder[] = [];
  for (const folder of folders) if (await isSafeFolder(folder)) safe.push(folder);
  return safe;
}

/**
 * Whether a profile folder and its InProcess/ and History/ are real directories. A symbolic link
 * (to another profile's folder, to /tmp...) is refused, with a line in the server log, and the
 * folder is not used: nothing is read from it, moved into it or written there. Checked at each
 * scan and again before each move, as the folder may change meanwhile.
 */
export async function isSafeFolder(folder: ProfileFolder): Promise<boolean> {
  for (const dir of [folder.dir, path.join(folder.dir, IN_PROCESS), path.join(folder.dir, HISTORY)]) {
    const info = await lstat(dir).catch(() => undefined);
    // Missing: made by the next scan (or the folder of a deleted profile that never had one).
    if (!info) return false;
    if (!info.isDirectory()) {
      const what = info.isSymbolicLink() ? 'a symbolic link' : 'not a folder';
      logRefusalOnce(`unsafe:${dir}`, `"${dir}" is ${what}: the folder of profile ${folder.profileId} is not used until it is a real folder`);
      return false;
    }
  }
  return true;
}

/** The folder's name once in place: kept, renamed, adopted or created; undefined when blocked. */
async function placeFolder(
  root: string, profileId: string, current: string | undefined, target: string,
  entries: readonly string[], markerOf: ReadonlyMap<string, string | undefined>,
): Promise<string | undefined> {
  if (current === target) return current;
  // Another folder by that name (case-insensitively, as on Windows and macOS), not this profile's.
  const occupant = entries.find((name) => name.toLowerCase() === target.toLowerCase() && name !== current);
  if (occupant !== undefined && (current !== undefined || markerOf.get(occupant))) {
    warnDropFolderOnce(`blocked:${profileId}:${target}`,
      `cannot name the folder of profile ${profileId} "${target}": a folder "${occupant}" is in the way`);
    return current;
  }
  if (current !== undefined) {
    await rename(path.join(root, current), path.join(root, target));
    logDropFolder(`renamed folder "${current}" to "${target}" (profile ${profileId})`);
    return target;
  }
  // A folder made by hand before the profile existed is taken over; a link in its place is not.
  const name = occupant ?? target;
  const link = await lstat(path.join(root, name)).then((info) => !info.isDirectory(), () => false);
  if (link) {
    logRefusalOnce(`link:${path.join(root, name)}`, `"${path.join(root, name)}" is a symbolic link or a file, not a profile folder: it is not used`);
    return undefined;
  }
  await mkdir(path.join(root, name), { recursive: true });
  await writeFile(path.join(root, name, PROFILE_MARKER), `${profileId}\n`);
  logDropFolder(`${occupant ? 'adopted' : 'created'} folder "${name}" for profile ${profileId}`);
  return name;
}
