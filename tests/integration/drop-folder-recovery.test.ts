import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { auditLog, importJobs, uploads } from '@/db/schema';
import { executeOperation } from '@/lib/actions/operation';
import { startDroppedFileImport } from '@/lib/import/drop-folder/drop-folder-operations';
import { newFileRecord, writeFileRecord } from '@/lib/import/drop-folder/file-record';
import { IN_PROCESS } from '@/lib/import/drop-folder/profile-folders';
import { createDropFolderScanner } from '@/lib/import/drop-folder/scanner';
import { startFileImport } from '@/lib/import/drop-folder/start-file-import';
import { createActor, IMPORTING } from '../support/fixtures';
import { contactsCsv, createReadyUpload, openSecondPool } from '../support/job-fixtures';
import { createFolderProfile, dropFile, historyOf, readResult, waitUntil } from '../support/drop-folder-fixtures';
import { startDropFolderHarness, type DropFolderHarness } from '../support/drop-folder-harness';

let h: DropFolderHarness;

beforeAll(async () => { h = await startDropFolderHarness(); });
afterAll(async () => { await h?.close(); });

describe('the start operation', () => {
  it('lets only the profile\'s automation user start its folder import, and changes nothing otherwise', async () => {
    const profile = await createFolderProfile(h.handle.db, { automationUserId: h.robot.user.id, divisionId: h.divisionA });
    const intruder = await createActor(h.handle.db, ['externalContacts:importCsvUpload:add', 'externalContacts:importJob:add',
      'externalContacts:importJob:edit', ...IMPORTING]);
    const upload = await createReadyUpload(h.handle.db, intruder.user.id, contactsCsv('INTRUDER', 1));
    const input = { uploadId: upload.id, profileId: profile.id, divisionId: h.divisionA, fileName: 'x.csv', dropToken: randomUUID() };
    expect(await executeOperation(startDroppedFileImport, input, intruder))
      .toMatchObject({ ok: false, status: 404, fieldErrors: { profileId: [{ key: 'errors.notFound' }] } });
    // Someone else's upload is not the automation user's to import either.
    expect(await executeOperation(startDroppedFileImport, input, h.robot))
      .toMatchObject({ ok: false, status: 404, fieldErrors: { uploadId: [{ key: 'errors.notFound' }] } });
    expect(await h.handle.db.select().from(importJobs).where(eq(importJobs.uploadId, upload.id))).toEqual([]);
  });
});

describe('several workers', () => {
  it('take each file once when they scan at the same time', async () => {
    const profile = await createFolderProfile(h.handle.db, { automationUserId: h.robot.user.id, divisionId: h.divisionA });
    const other = h.handle.driver === 'postgres' ? await openSecondPool(h.handle) : h.handle;
    const scanners = [h.scanner, createDropFolderScanner(other, h.root)];
    try {
      await h.scan();
      const folder = h.folderOf(profile.name);
      const names = ['one.csv', 'two.csv', 'three.csv', 'four.csv'];
      await Promise.all(names.map((name, i) => dropFile(folder, name, contactsCsv(`TWICE${i}`, 3))));
      await waitUntil(async () => (await Promise.all(names.map((name) => historyOf(folder, name)))).every((entry) => entry.result && entry.file),
        { step: () => Promise.all(scanners.map((s) => s.scanOnce())), what: 'every file in History' });
      const jobs = await h.handle.db.select().from(importJobs).where(eq(importJobs.profileId, profile.id));
      expect(jobs.map((job) => job.description).sort()).toEqual([...names].sort());
      const stored = await h.handle.db.select().from(uploads)
        .where(sql`${uploads.fileName} in ${names} and ${uploads.uploadedBy} = ${h.robot.user.id}`);
      expect(stored).toHaveLength(names.length);
    } finally {
      if (other !== h.handle) await other.close();
    }
  });
});

describe('files left in InProcess/ by a stopped worker', () => {
  it('imports a file that had no job yet, and follows the job of one whose id was not written down', async () => {
    const profile = await createFolderProfile(h.handle.db, { automationUserId: h.robot.user.id, divisionId: h.divisionB });
    await h.scan();
    const folder = h.folderOf(profile.name);
    const inProcess = path.join(folder, IN_PROCESS);
    // Stopped right after moving the file: no record beside it.
    await writeFile(path.join(inProcess, 'moved.csv'), contactsCsv('MOVED', 3));
    // Stopped right after the job's transaction: its record has no job id yet.
    await writeFile(path.join(inProcess, 'started.csv'), contactsCsv('STARTED', 2));
    const record = newFileRecord(profile.id, 'started.csv');
    await writeFileRecord(inProcess, 'started.csv', record);
    const started = await startFileImport(h.handle.db, { profileId: profile.id, dir: folder, live: true }, 'started.csv', { ...record });
    expect(started).toHaveProperty('jobId');
    await writeFileRecord(inProcess, 'started.csv', record); // as it was before the job existed

    // The scanner has no memory of these files: what it does is what a restarted worker does.
    const moved = await h.scanUntilDone(folder, 'moved.csv');
    const resumed = await h.scanUntilDone(folder, 'started.csv');
    expect(await readResult(moved.result!)).toMatchObject({ status: 'completed', inFile: 3, inserted: 3 });
    expect(await readResult(resumed.result!)).toMatchObject({
      status: 'completed', jobId: (started as { jobId: string }).jobId, inFile: 2, inserted: 2,
    });
    expect(await readFile(resumed.log!, 'utf8')).toContain('found its job');
    // One job per file, and its audit row carries the file's token.
    const jobs = await h.handle.db.select().from(importJobs).where(eq(importJobs.profileId, profile.id));
    expect(jobs.map((j) => j.description).sort()).toEqual(['moved.csv', 'started.csv']);
    const audits = await h.handle.db.select().from(auditLog)
      .where(sql`${auditLog.details}->>'dropToken' = ${record.token}`);
    expect(audits).toHaveLength(1);
    expect((await h.contactsOf(h.divisionB, profile.externalSourceId!)).map((c) => c.value))
      .toEqual(['MOVED-1', 'MOVED-2', 'MOVED-3', 'STARTED-1', 'STARTED-2']);
  });
});
