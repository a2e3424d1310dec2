import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { queryRows } from '@/db/client';
import { importProfiles, uploads } from '@/db/schema';
import type { TextEncoding } from '@/lib/import/upload/encoding/encodings';
import { createFolderProfile, dropFile, readResult } from '../support/drop-folder-fixtures';
import { startDropFolderHarness, type DropFolderHarness } from '../support/drop-folder-harness';
import { cp1252, FRENCH_MAPPING, frenchContacts, frenchExport, utf16 } from '../support/encoded-files';

// The drop folder reads files in other encodings as the wizard does: detected, or the profile's.

let h: DropFolderHarness;

beforeAll(async () => { h = await startDropFolderHarness(); });
afterAll(async () => { await h?.close(); });

async function frenchProfile(encoding: TextEncoding | null) {
  const profile = await createFolderProfile(h.handle.db, { automationUserId: h.robot.user.id, divisionId: h.divisionA });
  const [updated] = await h.handle.db.update(importProfiles).set({
    columnMapping: FRENCH_MAPPING, importFields: ['firstName', 'lastName', 'title', 'city'], matchBy: ['externalId'], encoding,
  }).where(eq(importProfiles.id, profile.id)).returning();
  await h.scan();
  return { profile: updated, folder: h.folderOf(updated.name) };
}

function contactsOf(sourceId: string, prefix: string) {
  return queryRows<{ id: string; first: string; last: string; title: string; city: string }>(h.handle.db, sql`
    select e.value as id, c.first_name as first, c.last_name as last, c.title, c.city from contacts c
    join contact_external_ids e on e.contact_id = c.id
    where e.source_id = ${sourceId} and e.value like ${`${prefix}%`} order by e.value`);
}

describe('drop folder files in other encodings', () => {
  it('imports a French Excel export in Windows-1252 and one in UTF-16 with every accent right', async () => {
    const { profile, folder } = await frenchProfile(null);
    await dropFile(folder, 'excel.csv', cp1252(frenchExport('DW')));
    await dropFile(folder, 'unicode.csv', utf16(frenchExport('DU'), 'le'));
    const [excel, unicode] = await Promise.all([h.scanUntilDone(folder, 'excel.csv'), h.scanUntilDone(folder, 'unicode.csv')]);
    expect(await readResult(excel.result!)).toMatchObject({ status: 'completed', inFile: 3, inserted: 3, notImported: 0 });
    expect(await readResult(unicode.result!)).toMatchObject({ status: 'completed', inFile: 3, inserted: 3 });
    expect(await contactsOf(profile.externalSourceId!, 'DW-')).toEqual(frenchContacts('DW'));
    expect(await contactsOf(profile.externalSourceId!, 'DU-')).toEqual(frenchContacts('DU'));
    const stored = await h.handle.db.select({ encoding: uploads.encoding, detected: uploads.detectedEncoding }).from(uploads)
      .where(eq(uploads.fileName, 'excel.csv'));
    expect(stored).toEqual([{ encoding: 'windows-1252', detected: 'windows-1252' }]);
  });

  it("reads the files in the profile's encoding when it names one, and refuses a file not in it with its line", async () => {
    const { profile, folder } = await frenchProfile('iso-8859-15');
    await dropFile(folder, 'euro.csv', cp1252('ID externe;Prénom;Nom;Titre;Ville\r\nDE-1;Zoé;C\u00bdur;Tarif 5 \u00a4;Reims\r\n'));
    await dropFile(folder, 'c1.csv', cp1252('ID externe;Prénom;Nom;Titre;Ville\r\nDC-1;Zoé;A;B;C\r\nDC-2;Léa;A;5 €;C\r\n'));
    const [euro, c1] = await Promise.all([h.scanUntilDone(folder, 'euro.csv'), h.scanUntilDone(folder, 'c1.csv')]);
    expect(await readResult(euro.result!)).toMatchObject({ status: 'completed', inserted: 1 });
    expect(await contactsOf(profile.externalSourceId!, 'DE-')).toEqual([
      { id: 'DE-1', first: 'Zoé', last: 'Cœur', title: 'Tarif 5 €', city: 'Reims' },
    ]);
    // € is Windows-1252's 0x80: a C1 control in ISO-8859-15, so not text in it.
    const err = await readFile(c1.err!, 'utf8');
    expect(err.split('\n')[0]).toBe('invalidEncoding');
    expect(err).toContain('Line 3 holds a byte that is not text in ISO-8859-15');
    expect(await readResult(c1.result!)).toMatchObject({ status: 'refused', inFile: 0 });
  });
});
