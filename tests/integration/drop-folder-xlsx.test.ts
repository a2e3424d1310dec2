import { access } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFolderProfile, dropFile, readResult } from '../support/drop-folder-fixtures';
import { startDropFolderHarness, type DropFolderHarness } from '../support/drop-folder-harness';
import { HEADER } from '../support/job-fixtures';
import { buildWorkbook } from '../support/xlsx-files';

// The drop folder takes Excel workbooks as it takes CSV files; an .xls is left where it is.

let h: DropFolderHarness;
const exists = (p: string) => access(p).then(() => true, () => false);

beforeAll(async () => { h = await startDropFolderHarness(); });
afterAll(async () => { await h?.close(); });

describe('workbooks dropped in a profile folder', () => {
  it('imports an .xlsx from its first sheet, and leaves an .xls alone', async () => {
    const profile = await createFolderProfile(h.handle.db, { automationUserId: h.robot.user.id, divisionId: h.divisionA });
    await h.scan();
    const folder = h.folderOf(profile.name);
    const workbook = await buildWorkbook([
      { name: 'Contacts', rows: [HEADER.split(','), ['XL-1', 'Zoé', 'Martin', 'zoe@example.test'], ['XL-2', 'Léa', 'Bell', 'lea@example.test']] },
      { name: 'Notes', rows: [['not imported']] },
    ]);
    await dropFile(folder, 'Contacts.XLSX', workbook);
    await dropFile(folder, 'old.xls', Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]));

    const done = await h.scanUntilDone(folder, 'Contacts.XLSX');
    expect(await readResult(done.result!)).toMatchObject({ status: 'completed', inFile: 2, valid: 2, inserted: 2, notImported: 0 });
    expect(done.err).toBeUndefined();
    const contacts = await h.contactsOf(h.divisionA, profile.externalSourceId!);
    expect(contacts.map((c) => [c.value, c.lastName])).toEqual([['XL-1', 'Martin'], ['XL-2', 'Bell']]);
    await h.scan();
    expect(await exists(path.join(folder, 'old.xls'))).toBe(true);
  });
});
