import { access, appendFile, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { importJobs, importProfiles, uploads } from '@/db/schema';
import { executeOperation } from '@/lib/actions/operation';
import { HISTORY, IN_PROCESS, PROFILE_MARKER } from '@/lib/import/drop-folder/profile-folders';
import { listImportJobs } from '@/lib/import/jobs/list-operations';
import { createActor } from '../support/fixtures';
import { HEADER, contactsCsv } from '../support/job-fixtures';
import { importCsv } from '../support/import-pipeline';
import { createFolderProfile, dropFile, readResult } from '../support/drop-folder-fixtures';
import { startDropFolderHarness, type DropFolderHarness } from '../support/drop-folder-harness';

let h: DropFolderHarness;
const exists = (p: string) => access(p).then(() => true, () => false);

beforeAll(async () => { h = await startDropFolderHarness(); });
afterAll(async () => { await h?.close(); });

describe('profile folders', () => {
  it('creates a folder per profile with a safe name, and renames it with the profile', async () => {
    const profile = await createFolderProfile(h.handle.db, {
      automationUserId: h.robot.user.id, divisionId: h.divisionA, name: `Sales/EMEA: "Q1"? ${Date.now()}.`,
    });
    await h.scan();
    const folderName = `Sales_EMEA_ _Q1__ ${profile.name.split(' ').pop()!.replace(/\.$/, '')}`;
    expect(await readFile(path.join(h.folderOf(folderName), PROFILE_MARKER), 'utf8')).toBe(`${profile.id}\n`);
    expect(await exists(path.join(h.folderOf(folderName), IN_PROCESS))).toBe(true);
    expect(await exists(path.join(h.folderOf(folderName), HISTORY))).toBe(true);
    await writeFile(path.join(h.folderOf(folderName), 'kept.txt'), 'not a csv');

    await h.handle.db.update(importProfiles).set({ name: `Renamed ${profile.id}` }).where(eq(importProfiles.id, profile.id));
    await h.scan();
    expect(await exists(h.folderOf(folderName))).toBe(false);
    const renamed = h.folderOf(`Renamed ${profile.id}`);
    expect(await readFile(path.join(renamed, PROFILE_MARKER), 'utf8')).toBe(`${profile.id}\n`);
    // What was in the folder went with it; a file that is not a CSV is left alone.
    await h.scan();
    expect(await readFile(path.join(renamed, 'kept.txt'), 'utf8')).toBe('not a csv');

    // A profile whose safe name is another's (a trailing dot goes) gets its id appended instead.
    const twin = await createFolderProfile(h.handle.db, { automationUserId: null, divisionId: null, name: `renamed ${profile.id}.` });
    await h.scan();
    expect(await readFile(path.join(renamed, PROFILE_MARKER), 'utf8')).toBe(`${profile.id}\n`);
    expect(await readFile(path.join(h.folderOf(`renamed ${profile.id} (${twin.id.slice(0, 8)})`), PROFILE_MARKER), 'utf8'))
      .toBe(`${twin.id}\n`);
  });
});

describe('files dropped in profile folders', () => {
  it('imports three files dropped at once into two folders, each with its History, log and counters', async () => {
    const profileA = await createFolderProfile(h.handle.db, { automationUserId: h.robot.user.id, divisionId: h.divisionA });
    const profileB = await createFolderProfile(h.handle.db, { automationUserId: h.robot.user.id, divisionId: h.divisionB });
    // Two contacts in division A already, for the second file to update and leave unchanged.
    const seeded = await importCsv(h.handle.db, {
      csv: `${HEADER}\nOLD-1,Ann,Before,old1@example.test\nOLD-2,Bob,Same,old2@example.test\n`,
      divisionId: h.divisionA, userId: h.robot.user.id, sourceId: profileA.externalSourceId!,
      settings: { matchBy: ['externalId'], importFields: ['firstName', 'lastName', 'workEmail'] },
    });
    expect(seeded.job).toMatchObject({ inserted: 2 });
    await h.scan();
    const folderA = h.folderOf(profileA.name);
    const folderB = h.folderOf(profileB.name);
    await Promise.all([
      dropFile(folderA, 'new.csv', contactsCsv('NEW', 4, 1)),
      dropFile(folderA, 'update.csv', `${HEADER}\nOLD-1,Ann,After,old1@example.test\nOLD-2,Bob,Same,old2@example.test\n`),
      dropFile(folderB, 'other.csv', contactsCsv('OTHER', 5)),
    ]);

    const [fresh, update, other] = await Promise.all([
      h.scanUntilDone(folderA, 'new.csv'), h.scanUntilDone(folderA, 'update.csv'), h.scanUntilDone(folderB, 'other.csv'),
    ]);
    const counters = (result: Record<string, string | number>) => {
      const { jobId, ...rest } = result;
      expect(jobId).toMatch(/^[0-9a-f-]{36}$/);
      return rest;
    };
    const zero = { merged: 0, deleted: 0, skipped: 0 };
    expect(counters(await readResult(fresh.result!))).toEqual({
      status: 'completed', inFile: 4, valid: 3, invalid: 1, inserted: 3, updated: 0, unchanged: 0, failed: 1,
      imported: 3, notImported: 1, ...zero,
    });
    expect(counters(await readResult(update.result!))).toEqual({
      status: 'completed', inFile: 2, valid: 2, invalid: 0, inserted: 0, updated: 1, unchanged: 1, failed: 0,
      imported: 2, notImported: 0, ...zero,
    });
    expect(counters(await readResult(other.result!))).toEqual({
      status: 'completed', inFile: 5, valid: 5, invalid: 0, inserted: 5, updated: 0, unchanged: 0, failed: 0,
      imported: 5, notImported: 0, ...zero,
    });
    for (const entry of [fresh, update, other]) expect(entry.err).toBeUndefined();

    // The counters are what the database holds.
    const inA = await h.contactsOf(h.divisionA, profileA.externalSourceId!);
    expect(inA.map((c) => c.value)).toEqual(['NEW-1', 'NEW-2', 'NEW-3', 'OLD-1', 'OLD-2']);
    expect(inA.find((c) => c.value === 'OLD-1')?.lastName).toBe('After');
    expect((await h.contactsOf(h.divisionB, profileB.externalSourceId!)).map((c) => c.value))
      .toEqual(['OTHER-1', 'OTHER-2', 'OTHER-3', 'OTHER-4', 'OTHER-5']);

    // Each is an automatic job of the profile, run by its automation user, described by the file name.
    const { jobId } = await readResult(fresh.result!);
    const [job] = await h.handle.db.select().from(importJobs).where(eq(importJobs.id, String(jobId)));
    expect(job).toMatchObject({
      origin: 'folder', autoContinue: true, requestedBy: h.robot.user.id, profileId: profileA.id, divisionId: h.divisionA,
      description: 'new.csv', status: 'completed',
    });
    // It is on the Imports page of someone who sees every import of the division.
    const viewer = await createActor(h.handle.db, ['externalContacts:importJob:viewAll'], h.divisionA);
    const listed = await executeOperation(listImportJobs, {}, viewer);
    expect(listed.ok && listed.data.items.find((item) => item.id === jobId)).toMatchObject({
      description: 'new.csv', fileName: 'new.csv', requestedByName: h.robot.user.name, status: 'completed', inserted: 3,
      origin: 'folder', reverted: false,
    });
    const log = await readFile(fresh.log!, 'utf8');
    expect(log).toContain(`job ${jobId} started`);
    expect(log).toMatch(/job \S+ completed .*4 rows in file, 3 valid, 1 invalid/);
    expect(await readFile(fresh.file!, 'utf8')).toBe(contactsCsv('NEW', 4, 1));
    // Nothing left behind: InProcess/ holds neither the files nor their records.
    expect(await readdir(path.join(folderA, IN_PROCESS))).toEqual([]);
    expect(await readdir(path.join(folderB, IN_PROCESS))).toEqual([]);
  });

  it('refuses a malformed file with a .err holding its code, and starts no job', async () => {
    const profile = await createFolderProfile(h.handle.db, { automationUserId: h.robot.user.id, divisionId: h.divisionA });
    await h.scan();
    const folder = h.folderOf(profile.name);
    await dropFile(folder, 'twice.csv', 'External ID,Work Email,work email\nX-1,a@example.test,b@example.test\n');
    // 0x9D is text in no encoding offered (a lone 0xE9 would be read as Windows-1252's é).
    await dropFile(folder, 'latin1.csv', Buffer.concat([Buffer.from(`${HEADER}\nL-1,Ren`), Buffer.from([0x9d]), Buffer.from(',X,l@example.test\n')]));

    const twice = await h.scanUntilDone(folder, 'twice.csv');
    const latin1 = await h.scanUntilDone(folder, 'latin1.csv');
    expect((await readFile(twice.err!, 'utf8')).split('\n')[0]).toBe('duplicateHeader');
    expect(await readFile(twice.err!, 'utf8')).toContain('“work email” appears twice');
    expect((await readFile(latin1.err!, 'utf8')).split('\n')[0]).toBe('unknownEncoding');
    expect(await readResult(latin1.result!)).toMatchObject({ status: 'refused', jobId: '', inFile: 0, imported: 0 });
    const jobs = await h.handle.db.select().from(importJobs).where(eq(importJobs.profileId, profile.id));
    expect(jobs).toEqual([]);
    // The refusal is the automation user's rejected upload, as in the wizard.
    const rejected = await h.handle.db.select().from(uploads)
      .where(and(eq(uploads.uploadedBy, h.robot.user.id), eq(uploads.fileName, 'twice.csv')));
    expect(rejected).toMatchObject([{ status: 'rejected', errorCode: 'duplicateHeader' }]);
  });

  it('refuses a file of a profile without an automation user, or whose user may not import', async () => {
    const orphan = await createFolderProfile(h.handle.db, { automationUserId: null, divisionId: h.divisionA });
    const weak = await createActor(h.handle.db, ['externalContacts:importCsvUpload:add']);
    const limited = await createFolderProfile(h.handle.db, { automationUserId: weak.user.id, divisionId: h.divisionA });
    await h.scan();
    await dropFile(h.folderOf(orphan.name), 'nobody.csv', contactsCsv('NOBODY', 2));
    await dropFile(h.folderOf(limited.name), 'weak.csv', contactsCsv('WEAK', 2));
    const nobody = await h.scanUntilDone(h.folderOf(orphan.name), 'nobody.csv');
    const forbidden = await h.scanUntilDone(h.folderOf(limited.name), 'weak.csv');
    expect(await readFile(nobody.err!, 'utf8')).toMatch(/^noAutomationUser\nThe import profile has no automation user/);
    // The code, then which permission the automation user lacks (docs/permissions.md).
    expect(await readFile(forbidden.err!, 'utf8'))
      .toMatch(/^automationUserLacksPermission\n.*externalContacts:importJob:add/);
    const jobs = await h.handle.db.select().from(importJobs)
      .where(sql`${importJobs.profileId} in (${orphan.id}, ${limited.id})`);
    expect(jobs).toEqual([]);
  });

  it('does not take a file still being written until it stops changing', async () => {
    const profile = await createFolderProfile(h.handle.db, { automationUserId: h.robot.user.id, divisionId: h.divisionA });
    await h.scan();
    const folder = h.folderOf(profile.name);
    const file = path.join(folder, 'slow.csv');
    await writeFile(file, `${HEADER}\n`);
    for (let i = 1; i <= 3; i += 1) {
      await h.scan();
      await appendFile(file, `SLOW-${i},First,Last,slow${i}@example.test\n`);
    }
    await h.scan();
    // Still there after every scan that saw it grow; no upload was made of it.
    expect(await exists(file)).toBe(true);
    expect(await h.handle.db.select().from(uploads).where(eq(uploads.fileName, 'slow.csv'))).toEqual([]);
    await h.scan();
    expect(await exists(file)).toBe(false);
    const done = await h.scanUntilDone(folder, 'slow.csv');
    expect(await readResult(done.result!)).toMatchObject({ status: 'completed', inFile: 3, inserted: 3 });
  });
});
