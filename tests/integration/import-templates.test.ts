import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows, type DatabaseHandle } from '@/db/client';
import { divisions, externalSources, importProfiles } from '@/db/schema';
import type { ImportProfile } from '@/db/queries/import-profiles';
import { executeOperation, type OperationContext } from '@/lib/actions/operation';
import type { Permission } from '@/lib/auth/permissions';
import type { Locale } from '@/lib/i18n/config';
import { fieldRowsForProfile, mappingForFile, toFileMapping } from '@/lib/import/wizard/fields';
import { downloadImportTemplate, downloadProfileTemplate } from '@/lib/import/templates/template-operations';
import { templateTargets } from '@/lib/import/templates/template-targets';
import { createActor, IMPORTING } from '../support/fixtures';
import { importCsv } from '../support/import-pipeline';
import { createTestDatabase } from '../support/test-db';

// A template downloaded, filled in and uploaded maps every column by itself and imports; a sample
// imports as it is, with no invalid row: in English and in French.

const WIZARD: Permission[] = ['externalContacts:importCsvUpload:add', 'externalContacts:importJob:add', ...IMPORTING];
const LOCALES: Locale[] = ['en', 'fr'];

let handle: DatabaseHandle;
let divisionId: string;
let wizardUser: OperationContext;
let profileReader: OperationContext;

beforeAll(async () => {
  handle = await createTestDatabase();
  const [division] = await handle.db.insert(divisions).values({ name: 'Templates' }).returning();
  divisionId = division.id;
  wizardUser = await createActor(handle.db, WIZARD, divisionId);
  profileReader = await createActor(handle.db, ['externalContacts:importSettings:view'], divisionId);
});
afterAll(async () => { await handle?.close(); });

async function newSource(): Promise<string> {
  const [source] = await handle.db.insert(externalSources).values({ name: `Templates ${Math.random().toString(36).slice(2)}` }).returning();
  return source.id;
}

/** A profile of profileReader's, as one saved from a CRM export: its own headers, a custom field, organization columns. */
async function newProfile(sourceId: string): Promise<ImportProfile> {
  const [profile] = await handle.db.insert(importProfiles).values({
    name: `CRM export ${Math.random().toString(36).slice(2)}`, externalSourceId: sourceId, matchBy: ['externalId'],
    createdBy: profileReader.user.id,
    importFields: ['firstName', 'lastName', 'workEmail', 'cellPhone', 'countryCode', 'organizationPhone', 'organizationIndustry'],
    columnMapping: {
      'Client ref': 'externalId', Forename: 'firstName', Nom: 'lastName', 'Mail client': 'workEmail', Mobile: 'cellPhone',
      Pays: 'countryCode', Société: 'organizationName', 'Code société': 'organizationExternalId', 'Tél. société': 'organizationPhone',
      Secteur: 'organizationIndustry', Fidélité: 'custom:Loyalty', Notes: '', Ville: 'city',
    },
  }).returning();
  return profile;
}

/** Header row and separator of a downloaded file (UTF-8 with BOM, CRLF). */
function readHeaders(content: string): { headers: string[]; separator: string } {
  expect(content.charCodeAt(0)).toBe(0xfeff);
  const line = content.slice(1, content.indexOf('\r\n'));
  const separator = line.includes(';') ? ';' : ',';
  return { headers: line.split(separator), separator };
}

const contactsOf = (sourceId: string) => queryRows<Record<string, unknown>>(handle.db, sql`
  select e.value as external_id, c.first_name, c.last_name, c.work_email, c.cell_phone, c.city, c.custom_fields,
    o.name as org_name, o.phone as org_phone, o.industry as org_industry
  from contacts c join contact_external_ids e on e.contact_id = c.id
  left join external_organizations o on o.id = c.organization_id
  where e.source_id = ${sourceId} order by e.value`);

describe('a profile\'s template', () => {
  for (const locale of LOCALES) {
    it(`(${locale}) filled in and uploaded with the profile: every column mapped to the profile's fields, every row imported`, async () => {
      const sourceId = await newSource();
      const profile = await newProfile(sourceId);
      const result = await executeOperation(downloadProfileTemplate, { id: profile.id, kind: 'template', locale }, profileReader);
      if (!result.ok) throw new Error(JSON.stringify(result));
      const { headers, separator } = readHeaders(result.data.content);
      expect(result.data.content).toBe(`\uFEFF${headers.join(separator)}\r\n`);
      expect(separator).toBe(locale === 'fr' ? ';' : ',');

      // The wizard's automatic mapping of the filled-in file, with the profile: each column its field.
      const mapping = mappingForFile(headers, profile.columnMapping);
      expect(headers.map((header) => mapping[header])).toEqual(templateTargets(profile));
      expect(new Set(Object.values(mapping))).toEqual(new Set([
        'externalId', 'firstName', 'lastName', 'workEmail', 'cellPhone', 'countryCode', 'organizationExternalId', 'organizationName',
        'organizationPhone', 'organizationIndustry', 'custom:Loyalty',
      ]));

      // The test fills it in, as a person would, under the template's own headers.
      const values: Record<string, string[]> = {
        externalId: ['T-1', 'T-2'], firstName: ['Chloé', 'Hugo'], lastName: ['Bernard', 'Petit'],
        workEmail: ['chloe.bernard@example.com', 'hugo.petit@example.com'], cellPhone: ['06 12 34 56 78', '07 81 23 45 67'],
        countryCode: ['FR', 'FR'], organizationExternalId: ['ACME', 'ACME'], organizationName: ['Acme France', 'Acme France'],
        organizationPhone: ['01 42 68 53 00', '01 42 68 53 00'], organizationIndustry: ['Retail', 'Retail'],
        'custom:Loyalty': ['Gold', 'Silver'],
      };
      const rows = [0, 1].map((i) => headers.map((header) => values[mapping[header]!][i]).join(separator));
      const csv = `${result.data.content}${rows.join('\r\n')}\r\n`;
      const { columnMapping, importFields } = toFileMapping(headers, fieldRowsForProfile(headers, profile));
      const { job, errors } = await importCsv(handle.db, {
        csv, divisionId, userId: wizardUser.user.id, sourceId,
        settings: { columnMapping, importFields, matchBy: ['externalId'] },
      });
      expect(errors).toEqual([]);
      expect(job).toMatchObject({ rowsInFile: 2, validRows: 2, invalidRows: 0, inserted: 2 });
      expect(await contactsOf(sourceId)).toEqual([
        { external_id: 'T-1', first_name: 'Chloé', last_name: 'Bernard', work_email: 'chloe.bernard@example.com', cell_phone: '+33612345678',
          city: null, custom_fields: { Loyalty: 'Gold' }, org_name: 'Acme France', org_phone: '+33142685300', org_industry: 'Retail' },
        { external_id: 'T-2', first_name: 'Hugo', last_name: 'Petit', work_email: 'hugo.petit@example.com', cell_phone: '+33781234567',
          city: null, custom_fields: { Loyalty: 'Silver' }, org_name: 'Acme France', org_phone: '+33142685300', org_industry: 'Retail' },
      ]);
    });
  }
});

describe('the sample file imports cleanly', () => {
  for (const locale of LOCALES) {
    it(`(${locale}) every field, mapped automatically: 3 contacts and their organizations, 0 invalid rows`, async () => {
      const result = await executeOperation(downloadImportTemplate, { kind: 'sample', locale }, wizardUser);
      if (!result.ok) throw new Error(JSON.stringify(result));
      expect(result.data.fileName).toBe(locale === 'fr' ? 'exemple-contacts.csv' : 'contacts-sample.csv');
      const sourceId = await newSource();
      const { upload, job, errors } = await importCsv(handle.db, { csv: result.data.content, divisionId, userId: wizardUser.user.id, sourceId });
      expect(upload.separator).toBe(locale === 'fr' ? ';' : ',');
      expect(errors).toEqual([]);
      expect(job).toMatchObject({ rowsInFile: 3, validRows: 3, invalidRows: 0, inserted: 3 });
      const contacts = await contactsOf(sourceId);
      expect(contacts.map((c) => c.first_name)).toEqual(locale === 'fr' ? ['Camille', 'Julien', 'Élodie'] : ['Emma', 'Oliver', 'Ava']);
      expect(contacts[0]).toMatchObject(locale === 'fr'
        ? { cell_phone: '+33612345678', city: 'Paris', org_name: 'Boulangeries Dupont SA', org_phone: '+33142685301', org_industry: 'Agroalimentaire' }
        : { cell_phone: '+14155550199', city: 'San Francisco', org_name: 'Northwind Traders', org_phone: '+14155550147', org_industry: 'Wholesale' });
    });

    it(`(${locale}) a profile's sample, with its columns, imports cleanly with the profile`, async () => {
      const sourceId = await newSource();
      const profile = await newProfile(sourceId);
      const result = await executeOperation(downloadProfileTemplate, { id: profile.id, kind: 'sample', locale }, profileReader);
      if (!result.ok) throw new Error(JSON.stringify(result));
      const { headers } = readHeaders(result.data.content);
      const { columnMapping, importFields } = toFileMapping(headers, fieldRowsForProfile(headers, profile));
      const { job, errors } = await importCsv(handle.db, {
        csv: result.data.content, divisionId, userId: wizardUser.user.id, sourceId,
        settings: { columnMapping, importFields, matchBy: ['externalId'], emptyCellsClear: true },
      });
      expect(errors).toEqual([]);
      expect(job).toMatchObject({ rowsInFile: 3, validRows: 3, invalidRows: 0, inserted: 3 });
      // The third row names the first row's organization again: under empty cells that clear, its details stay.
      expect((await contactsOf(sourceId))[2]).toMatchObject({ org_phone: locale === 'fr' ? '+33142685301' : '+14155550147' });
    });
  }
});

describe('who may download them', () => {
  it('the default template needs the permissions of the import wizard', async () => {
    const noWizard = await createActor(handle.db, ['externalContacts:importSettings:view', 'externalContacts:importJob:add'], divisionId);
    expect(await executeOperation(downloadImportTemplate, { kind: 'template', locale: 'en' }, noWizard))
      .toMatchObject({ ok: false, status: 403 });
  });

  it('a profile\'s template needs to see the profile: someone else\'s without viewAll is not found', async () => {
    const profile = await newProfile(await newSource());
    const other = await createActor(handle.db, ['externalContacts:importSettings:view'], divisionId);
    expect(await executeOperation(downloadProfileTemplate, { id: profile.id, kind: 'template', locale: 'en' }, other))
      .toMatchObject({ ok: false, status: 404 });
    expect(await executeOperation(downloadProfileTemplate, { id: profile.id, kind: 'template', locale: 'en' }, wizardUser))
      .toMatchObject({ ok: false, status: 403 });
    const viewAll = await createActor(handle.db, ['externalContacts:importSettings:viewAll'], divisionId);
    expect(await executeOperation(downloadProfileTemplate, { id: profile.id, kind: 'sample', locale: 'fr' }, viewAll))
      .toMatchObject({ ok: true });
  });

  it('refuses a kind it does not know', async () => {
    expect(await executeOperation(downloadImportTemplate, { kind: 'report', locale: 'en' }, wizardUser))
      .toMatchObject({ ok: false, status: 400 });
  });
});
