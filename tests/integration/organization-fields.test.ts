import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows, type DatabaseHandle } from '@/db/client';
import { divisions, externalSources } from '@/db/schema';
import { executeOperation, type OperationContext } from '@/lib/actions/operation';
import { getContact } from '@/lib/contacts/operations';
import { createActor } from '../support/fixtures';
import { importCsv } from '../support/import-pipeline';
import { createTestDatabase } from '../support/test-db';

// An organization's phone, address, website and industry come from their own columns, are checked
// as a contact's are, and are written with the organization the row names.

let handle: DatabaseHandle;
let divisionId: string;
let sourceId: string;
let actor: OperationContext;

beforeAll(async () => {
  handle = await createTestDatabase();
  const [division] = await handle.db.insert(divisions).values({ name: 'Organizations' }).returning();
  divisionId = division.id;
  const [source] = await handle.db.insert(externalSources).values({ name: 'Org CRM' }).returning();
  sourceId = source.id;
  actor = await createActor(handle.db, ['externalContacts:contact:view'], divisionId);
});
afterAll(async () => { await handle?.close(); });

const HEADER = [
  'External ID', 'Last Name', 'Country Code', 'External Organization External ID', 'External Organization Name',
  'External Organization Phone', 'External Organization Address Line 1', 'External Organization Address Line 2',
  'External Organization City', 'External Organization State', 'External Organization Postal Code',
  'External Organization Country Code', 'External Organization Website', 'External Organization Industry',
].join(',');

async function organization(externalId: string) {
  const [row] = await queryRows<Record<string, string | null>>(handle.db, sql`
    select o.name, o.phone, o.address_line1, o.address_line2, o.city, o.state, o.postal_code, o.country_code, o.website, o.industry
    from external_organizations o join organization_external_ids oe on oe.organization_id = o.id
    where oe.source_id = ${sourceId} and oe.value = ${externalId} and o.division_id = ${divisionId}`);
  return row;
}

const run = (csv: string, settings = {}) => importCsv(handle.db, { csv, divisionId, userId: actor.user.id, sourceId, settings });

describe('organization details from the file', () => {
  it('stores them with the organization: phone in E.164 in its own country, country code upper case', async () => {
    const { job, errors } = await run([
      HEADER,
      // A national number read in the organization's country (FR), not the contact's (GB).
      'C1,Durand,GB,ORG-1,Boulangerie Durand,01 42 68 53 00,12 rue de la Paix,Bâtiment B,Paris,Île-de-France,75002,fr,https://durand.example.fr,Boulangerie',
      // No organization country: the row's Country Code (US) reads the phone.
      'C2,Smith,US,ORG-2,Acme,(415) 555-2671,1 Market St,,San Francisco,CA,94105,,http://acme.example,Retail',
    ].join('\n'));
    expect(errors).toEqual([]);
    expect(job).toMatchObject({ validRows: 2, invalidRows: 0, inserted: 2 });
    expect(await organization('ORG-1')).toEqual({
      name: 'Boulangerie Durand', phone: '+33142685300', address_line1: '12 rue de la Paix', address_line2: 'Bâtiment B',
      city: 'Paris', state: 'Île-de-France', postal_code: '75002', country_code: 'FR', website: 'https://durand.example.fr',
      industry: 'Boulangerie',
    });
    expect(await organization('ORG-2')).toMatchObject({ phone: '+14155552671', address_line2: null, country_code: null, industry: 'Retail' });
  });

  it('a later file sets what it gives, leaves what is empty, and clears it only when the profile says so', async () => {
    const header = 'External ID,External Organization External ID,External Organization Industry,External Organization City';
    await run(`${header}\nC3,ORG-1,Pâtisserie,\n`);
    expect(await organization('ORG-1')).toMatchObject({ industry: 'Pâtisserie', city: 'Paris', name: 'Boulangerie Durand' });
    await run(`${header}\nC3,ORG-1,,\n`, { emptyCellsClear: true });
    // Empty cells clear the details; the name (no column) stays, as a name is never cleared.
    expect(await organization('ORG-1')).toMatchObject({ industry: null, city: null, name: 'Boulangerie Durand', phone: '+33142685300' });
  });

  it('a detail left out of the profile\'s import fields is not read', async () => {
    const header = 'External ID,External Organization External ID,External Organization Industry,External Organization Website';
    const { job } = await run(`${header}\nC4,ORG-2,Banking,https://new.example\n`,
      { importFields: ['organizationWebsite'] });
    expect(job).toMatchObject({ validRows: 1, invalidRows: 0 });
    expect(await organization('ORG-2')).toMatchObject({ industry: 'Retail', website: 'https://new.example' });
  });

  it('fails a row whose organization phone, website, country or length is wrong, naming the column', async () => {
    const long = 'x'.repeat(1001);
    const { job, errors } = await run([
      HEADER,
      'E1,Bad,US,ORG-9,Nine,not a phone,,,,,,,,',
      'E2,Bad,US,ORG-9,Nine,,,,,,,,javascript:alert(1),',
      'E3,Bad,US,ORG-9,Nine,,,,,,,ZZ,,',
      `E4,Bad,US,ORG-9,Nine,,,,,,,,,${long}`,
      'E5,Fine,US,ORG-9,Nine,+44 20 7946 0958,,,,,,,,',
    ].join('\n'));
    expect(job).toMatchObject({ validRows: 1, invalidRows: 4, inserted: 1 });
    expect(errors).toEqual([
      { line: 2, code: 'invalidPhone', column: 'External Organization Phone' },
      { line: 3, code: 'invalidUrl', column: 'External Organization Website' },
      { line: 4, code: 'invalidCountryCode', column: 'External Organization Country Code' },
      { line: 5, code: 'tooLong', column: 'External Organization Industry' },
    ]);
    expect(await organization('ORG-9')).toMatchObject({ phone: '+442079460958', industry: null });
  });

  it('needs the External Organization External ID, as the organization name does', async () => {
    const { job, errors } = await run('External ID,External Organization Website\nN1,https://lost.example\n');
    expect(job).toMatchObject({ validRows: 0, invalidRows: 1 });
    expect(errors).toEqual([{ line: 2, code: 'organizationExternalIdMissing', column: 'External Organization Website' }]);
  });

  it('recognises the French headers', async () => {
    const csv = [
      "ID externe;ID externe de l'organisation externe;Nom de l'organisation externe;Téléphone de l'organisation externe;"
        + "Ville de l'organisation externe;Code pays de l'organisation externe;Site web de l'organisation externe;"
        + "Secteur d'activité de l'organisation externe",
      'F1;ORG-FR;Fromagerie Martin;04 78 42 10 10;Lyon;FR;https://martin.example.fr;Fromagerie',
    ].join('\r\n');
    const { errors } = await run(csv);
    expect(errors).toEqual([]);
    expect(await organization('ORG-FR')).toMatchObject({
      name: 'Fromagerie Martin', phone: '+33478421010', city: 'Lyon', country_code: 'FR', website: 'https://martin.example.fr',
      industry: 'Fromagerie',
    });
  });

  it('the contact\'s page data carries the organization with its details', async () => {
    const [{ id }] = await queryRows<{ id: number }>(handle.db, sql`
      select c.id from contacts c join contact_external_ids e on e.contact_id = c.id
      where e.source_id = ${sourceId} and e.value = 'C1'`);
    const result = await executeOperation(getContact, { id: String(id) }, actor);
    expect(result.ok && result.data.organization).toMatchObject({
      name: 'Boulangerie Durand', phone: '+33142685300', website: 'https://durand.example.fr', countryCode: 'FR',
    });
  });
});
