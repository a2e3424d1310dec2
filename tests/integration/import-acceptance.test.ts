import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase } from '../support/test-db';
import { createActor, homeDivisionId } from '../support/fixtures';
import { createSource } from '../support/engine-fixtures';
import { importCsv } from '../support/import-pipeline';
import { queryRows, type DatabaseHandle } from '@/db/client';
import { ALL_PERMISSIONS } from '@/lib/auth/permissions';

let handle: DatabaseHandle;
let divisionId: string;
let userId: string;
beforeAll(async () => {
  handle = await createTestDatabase();
  divisionId = await homeDivisionId(handle.db);
  userId = (await createActor(handle.db, [...ALL_PERMISSIONS])).user.id;
});
afterAll(async () => { await handle?.close(); });

const header = 'External ID,First Name,Last Name,Work Email,Work Phone';
const line = (i: number, email = `person${i}@example.com`) => `E${i},First${i},Last${i},${email},+1415555${String(i).padStart(4, '0')}`;

async function liveCount(sourceId: string) {
  const [row] = await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from contacts c
    where c.deleted_at is null and c.merged_into is null
      and exists (select 1 from contact_external_ids e where e.contact_id = c.id and e.source_id = ${sourceId})`);
  return row.n;
}

describe('seed 004 examples', () => {
  it('1,000 rows of which 15 have an incomplete e-mail: 985 imported, 15 not imported, the 15 lines listed', async () => {
    const sourceId = await createSource(handle.db);
    const bad = new Set(Array.from({ length: 15 }, (_, k) => 7 + k * 66));
    const rows = Array.from({ length: 1000 }, (_, i) => line(i, bad.has(i) ? `person${i}@` : undefined));
    const { job, errors } = await importCsv(handle.db, { csv: [header, ...rows].join('\n'), divisionId, userId, sourceId });
    expect(job).toMatchObject({ rowsInFile: 1000, validRows: 985, invalidRows: 15, imported: 985, notImported: 15, inserted: 985 });
    expect(errors.map((e) => e.line)).toEqual([...bad].map((i) => i + 2));
    expect(new Set(errors.map((e) => e.code))).toEqual(new Set(['invalidEmail']));
    expect(errors[0].column).toBe('Work Email');
    expect(await liveCount(sourceId)).toBe(985);
  });

  it('1,000 rows each naming an organization without its external ID: nothing imported', async () => {
    const sourceId = await createSource(handle.db);
    const rows = Array.from({ length: 1000 }, (_, i) => `${line(i)},Acme ${i % 7},`);
    const csv = [`${header},External Organization Name,External Organization External ID`, ...rows].join('\n');
    const { job, errors } = await importCsv(handle.db, { csv, divisionId, userId, sourceId });
    expect(job).toMatchObject({ rowsInFile: 1000, imported: 0, notImported: 1000 });
    expect(errors.every((e) => e.code === 'organizationExternalIdMissing')).toBe(true);
    expect(await liveCount(sourceId)).toBe(0);
  });
});

describe('phones (SPEC section 4)', () => {
  it('stores every accepted input form as E.164, national numbers by Country Code, else the default country', async () => {
    const sourceId = await createSource(handle.db);
    const csv = [
      'External ID,Work Phone,Country Code',
      'P1,+44 121 496 0123,',
      'P2,0044 121 496 0123,',
      'P3,(+44)121.496.0123,',
      'P4,+1 415-555-2629,',
      'P5,+1 321 555 9872 x 123,',
      'P6,01 42 68 53 00,FR',
      'P7,(415) 555-2671,',
    ].join('\r\n');
    const { job, errors } = await importCsv(handle.db, {
      csv, divisionId, userId, sourceId, settings: { matchBy: ['externalId'] },
    });
    expect(errors).toEqual([]);
    expect(job).toMatchObject({ inserted: 7 });
    const stored = await queryRows<{ value: string; work_phone: string; work_phone_display: string }>(handle.db, sql`
      select e.value, c.work_phone, c.work_phone_display from contacts c
      join contact_external_ids e on e.contact_id = c.id where e.source_id = ${sourceId} order by e.value`);
    expect(stored.map((s) => s.work_phone)).toEqual([
      '+441214960123', '+441214960123', '+441214960123', '+14155552629', '+13215559872', '+33142685300', '+14155552671',
    ]);
    expect(stored[4].work_phone_display).toBe('+1 321 555 9872 x 123');
  });
});

describe('file formats', () => {
  it('imports a file with a BOM, CRLF, ";" separators, quoted newlines and French accents', async () => {
    const sourceId = await createSource(handle.db);
    const csv = '\uFEFFID externe;Prénom;Nom;Courriel professionnel;Adresse ligne 1;Ville\r\n'
      + 'F1;Amélie;Poulain;amelie@exemple.fr;"12 rue des Abbesses\r\nBâtiment B";Paris\r\n'
      + 'F2;Zoë;Brontë;zoe@exemple.fr;"Chez ""Zoë""; au fond";Besançon\r\n';
    const { job, errors } = await importCsv(handle.db, { csv, divisionId, userId, sourceId });
    expect(errors).toEqual([]);
    expect(job).toMatchObject({ rowsInFile: 2, inserted: 2 });
    const stored = await queryRows<{ first_name: string; address_line1: string; city: string }>(handle.db, sql`
      select c.first_name, c.address_line1, c.city from contacts c
      join contact_external_ids e on e.contact_id = c.id where e.source_id = ${sourceId} order by e.value`);
    expect(stored).toEqual([
      { first_name: 'Amélie', address_line1: '12 rue des Abbesses\r\nBâtiment B', city: 'Paris' },
      { first_name: 'Zoë', address_line1: 'Chez "Zoë"; au fond', city: 'Besançon' },
    ]);
  });

  it('refuses a file in no encoding offered, a duplicate header and an empty file with a clear reason', async () => {
    const sourceId = await createSource(handle.db);
    // 0x9D is neither UTF-8 nor Windows-1252 (nor ISO-8859-1/-15); 0xFF alone would be read as Windows-1252's ÿ.
    const invalid = new Uint8Array([...new TextEncoder().encode('External ID,First Name\nE1,Ann\nE2,'), 0x9d, 0x41, 0x0a]);
    const cases: [string | Uint8Array, string, Record<string, unknown>?][] = [
      [invalid, 'unknownEncoding', { line: 3 }],
      ['External ID,Work Email,WORK EMAIL\nE1,a@b.co,c@d.co\n', 'duplicateHeader'],
      ['', 'emptyFile'],
    ];
    for (const [csv, code, params] of cases) {
      const { upload, job } = await importCsv(handle.db, { csv, divisionId, userId, sourceId });
      expect(job).toBeNull();
      expect(upload).toMatchObject({ status: 'rejected', errorCode: code });
      if (params) expect(upload.errorParams).toMatchObject(params);
    }
  });
});

describe('counters and idempotence', () => {
  it('importing the same file twice creates nothing the second time and keeps the invariants', async () => {
    const sourceId = await createSource(handle.db);
    const csv = [header, ...Array.from({ length: 50 }, (_, i) => line(5000 + i))].join('\n');
    const first = await importCsv(handle.db, { csv, divisionId, userId, sourceId });
    const second = await importCsv(handle.db, { csv, divisionId, userId, sourceId });
    expect(first.job).toMatchObject({ inserted: 50, unchanged: 0 });
    expect(second.job).toMatchObject({ inserted: 0, updated: 0, unchanged: 50, imported: 50 });
    for (const job of [first.job!, second.job!]) {
      expect(job.inserted + job.updated + job.unchanged + job.deleted).toBe(job.imported);
      expect(job.imported + job.notImported).toBe(job.rowsInFile);
    }
    expect(await liveCount(sourceId)).toBe(50);
  });
});
