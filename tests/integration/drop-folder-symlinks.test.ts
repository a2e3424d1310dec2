import { mkdtemp, readFile, readdir, rm, symlink, writeFile, lstat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import { eq } from 'drizzle-orm';
import { importJobs, uploads } from '@/db/schema';
import { HISTORY, IN_PROCESS, PROFILE_MARKER } from '@/lib/import/drop-folder/profile-folders';
import { settleFile } from '@/lib/import/drop-folder/settle-file';
import { ALL_PERMISSIONS } from '@/lib/auth/permissions';
import { createActor } from '../support/fixtures';
import { contactsCsv } from '../support/job-fixtures';
import { createFolderProfile, dropFile, historyOf } from '../support/drop-folder-fixtures';
import { startDropFolderHarness, type DropFolderHarness } from '../support/drop-folder-harness';

let h: DropFolderHarness;
let outside: string;
let errors: MockInstance<typeof console.error>;
/** The automation user: every permission, so what is refused here is refused for the file. */
let robot: string;

beforeAll(async () => {
  h = await startDropFolderHarness();
  robot = (await createActor(h.handle.db, ALL_PERMISSIONS)).user.id;
  outside = await mkdtemp(path.join(os.tmpdir(), 'drop-outside-'));
});
afterAll(async () => {
  await h?.close();
  if (outside) await rm(outside, { recursive: true, force: true });
});
afterEach(() => errors?.mockRestore());

/** console.error lines written while `work` runs (still printed). */
async function errorLinesDuring(work: () => Promise<unknown>): Promise<string> {
  errors = vi.spyOn(console, 'error');
  await work();
  const lines = errors.mock.calls.map((call) => call.map(String).join(' ')).join('\n');
  errors.mockRestore();
  return lines;
}

/** A file outside every profile folder that the service must never read, move or change. */
async function victimFile(name: string): Promise<{ file: string; content: string }> {
  const dir = await mkdtemp(path.join(outside, 'victim-'));
  const file = path.join(dir, name);
  const content = contactsCsv(`victim-${name}`, 2);
  await writeFile(file, content);
  return { file, content };
}

const uploadsNamed = async (fileName: string) => h.handle.db.select().from(uploads).where(eq(uploads.fileName, fileName));
const jobsOfProfile = async (profileId: string) => h.handle.db.select().from(importJobs).where(eq(importJobs.profileId, profileId));

describe('symbolic links in the drop folder', () => {
  it('refuses an InProcess/ that links to another profile\'s InProcess/, and leaves that folder\'s files alone', async () => {
    const victimProfile = await createFolderProfile(h.handle.db, { automationUserId: robot, divisionId: h.divisionB });
    const profile = await createFolderProfile(h.handle.db, { automationUserId: robot, divisionId: h.divisionA });
    await h.scan();
    const folder = h.folderOf(profile.name);
    const victimFolder = h.folderOf(victimProfile.name);
    // The other profile's InProcess/ holds a file that is its own (left as if by a stopped worker).
    const theirs = path.join(victimFolder, IN_PROCESS, 'theirs.csv');
    await rm(path.join(folder, IN_PROCESS), { recursive: true });
    await symlink(path.join(victimFolder, IN_PROCESS), path.join(folder, IN_PROCESS));
    await dropFile(folder, 'mine.csv', contactsCsv('mine', 2));

    const logged = await errorLinesDuring(async () => {
      await writeFile(theirs, contactsCsv('theirs', 3));
      for (let i = 0; i < 3; i += 1) await h.scan();
    });
    expect(logged).toContain(`"${path.join(folder, IN_PROCESS)}" is a symbolic link`);
    // Nothing of the linked folder was taken by this profile, nothing was moved through the link.
    expect(await jobsOfProfile(profile.id)).toHaveLength(0);
    expect(await readFile(path.join(folder, 'mine.csv'), 'utf8')).toBe(contactsCsv('mine', 2));
    expect(await readdir(path.join(folder, HISTORY))).toEqual([]);
    // The other profile's file is its own: imported by its profile, into its own History/.
    const done = await h.scanUntilDone(victimFolder, 'theirs.csv');
    expect(await readFile(done.file!, 'utf8')).toBe(contactsCsv('theirs', 3));
    expect((await jobsOfProfile(victimProfile.id)).map((job) => job.divisionId)).toEqual([h.divisionB]);
  });

  it('refuses a profile folder, InProcess/ or History/ that links to a folder outside', async () => {
    const linkedFolder = await createFolderProfile(h.handle.db, { automationUserId: robot, divisionId: h.divisionA });
    const linkedHistory = await createFolderProfile(h.handle.db, { automationUserId: robot, divisionId: h.divisionA });
    const linkedInProcess = await createFolderProfile(h.handle.db, { automationUserId: robot, divisionId: h.divisionA });
    const victim = await victimFile('outside.csv');
    const victimDir = path.dirname(victim.file);
    // The profile's folder itself, made before the first scan as a link to a folder elsewhere.
    await symlink(victimDir, h.folderOf(linkedFolder.name));
    const logged = await errorLinesDuring(async () => {
      await h.scan();
      for (const [profile, sub] of [[linkedHistory, HISTORY], [linkedInProcess, IN_PROCESS]] as const) {
        const folder = h.folderOf(profile.name);
        await rm(path.join(folder, sub), { recursive: true });
        await symlink(victimDir, path.join(folder, sub));
        await dropFile(folder, 'dropped.csv', contactsCsv(`dropped-${sub}`, 2));
      }
      for (let i = 0; i < 3; i += 1) await h.scan();
    });
    expect(logged).toContain(`"${h.folderOf(linkedFolder.name)}" is a symbolic link`);
    expect(logged).toContain(`"${path.join(h.folderOf(linkedHistory.name), HISTORY)}" is a symbolic link`);
    // The folder outside holds what it held: no marker, no InProcess/ or History/, no moved file.
    expect((await readdir(victimDir)).sort()).toEqual(['outside.csv']);
    expect(await readFile(victim.file, 'utf8')).toBe(victim.content);
    for (const profile of [linkedFolder, linkedHistory, linkedInProcess]) expect(await jobsOfProfile(profile.id)).toHaveLength(0);
    expect(await readFile(path.join(h.folderOf(linkedHistory.name), 'dropped.csv'), 'utf8')).toBe(contactsCsv(`dropped-${HISTORY}`, 2));
  });

  it('does not read a file swapped for a link between the scan and the read', async () => {
    const profile = await createFolderProfile(h.handle.db, { automationUserId: robot, divisionId: h.divisionA });
    await h.scan();
    const folder = h.folderOf(profile.name);
    const victim = await victimFile('secret.csv');
    // What the scan listed as swap.csv in InProcess/ is, by the time it is opened, a link elsewhere.
    await symlink(victim.file, path.join(folder, IN_PROCESS, 'swap.csv'));

    const logged = await errorLinesDuring(() => settleFile(h.handle.db, { profileId: profile.id, dir: folder, live: true }, 'swap.csv', new Set()));
    expect(logged).toContain(`${path.join(folder, IN_PROCESS, 'swap.csv')}: it is a symbolic link; it is not read`);
    expect(await uploadsNamed('swap.csv')).toHaveLength(0);
    expect(await jobsOfProfile(profile.id)).toHaveLength(0);
    // Refused and moved to History/ as the link it is; the file it pointed to is untouched.
    const history = await historyOf(folder, 'swap.csv');
    expect((await readFile(history.err!, 'utf8')).split('\n')[0]).toBe('notRegularFile');
    expect((await lstat(history.file!)).isSymbolicLink()).toBe(true);
    expect(await readFile(victim.file, 'utf8')).toBe(victim.content);
    expect(await readdir(path.dirname(victim.file))).toEqual(['secret.csv']);

    // The same through a scan: a link found in InProcess/ is refused, not skipped forever.
    await symlink(victim.file, path.join(folder, IN_PROCESS, 'again.csv'));
    const scanned = await h.scanUntilDone(folder, 'again.csv');
    expect((await readFile(scanned.err!, 'utf8')).split('\n')[0]).toBe('notRegularFile');
    expect(await uploadsNamed('again.csv')).toHaveLength(0);
    expect(await readFile(victim.file, 'utf8')).toBe(victim.content);
  });

  it('does not follow a link planted at the name of a file\'s record or log', async () => {
    const profile = await createFolderProfile(h.handle.db, { automationUserId: robot, divisionId: h.divisionA });
    await h.scan();
    const folder = h.folderOf(profile.name);
    const logVictim = await victimFile('log-target.txt');
    const recordVictim = await victimFile('record-target.txt');
    await symlink(logVictim.file, path.join(folder, IN_PROCESS, '.planted.csv.log'));
    await symlink(recordVictim.file, path.join(folder, IN_PROCESS, '.planted.csv.json'));
    await dropFile(folder, 'planted.csv', contactsCsv('planted', 2));
    const done = await h.scanUntilDone(folder, 'planted.csv');
    expect(await readFile(done.result!, 'utf8')).toContain('status=completed');
    expect(await readFile(logVictim.file, 'utf8')).toBe(logVictim.content);
    expect(await readFile(recordVictim.file, 'utf8')).toBe(recordVictim.content);
  });
});

describe('upload quota in the drop folder', () => {
  const saved = process.env.UPLOAD_QUOTA_BYTES;
  afterAll(() => {
    if (saved === undefined) delete process.env.UPLOAD_QUOTA_BYTES;
    else process.env.UPLOAD_QUOTA_BYTES = saved;
  });

  it('refuses a file past UPLOAD_QUOTA_BYTES with quotaExceeded in its .err', async () => {
    const profile = await createFolderProfile(h.handle.db, { automationUserId: robot, divisionId: h.divisionA });
    await h.scan();
    process.env.UPLOAD_QUOTA_BYTES = '10';
    const folder = h.folderOf(profile.name);
    await dropFile(folder, 'big.csv', contactsCsv('quota', 5));
    const done = await h.scanUntilDone(folder, 'big.csv');
    const [code, message] = (await readFile(done.err!, 'utf8')).split('\n');
    expect(code).toBe('quotaExceeded');
    expect(message).toMatch(/quota of .* MB/);
    expect(await jobsOfProfile(profile.id)).toHaveLength(0);
    expect(await readFile(path.join(folder, PROFILE_MARKER), 'utf8')).toBe(`${profile.id}\n`);
  });
});
