import { describe, expect, it } from 'vitest';
import { ALL_FIELDS, type FieldKey } from '@/lib/import/rows/fields';
import { exactFieldFor } from '@/lib/import/rows/header-match';
import { suggestMapping } from '@/lib/import/rows/mapping';
import { mappingForFile } from '@/lib/import/wizard/fields';
import { buildTemplateFile } from '@/lib/import/templates/build-template';
import { toCsvText } from '@/lib/import/templates/csv-text';
import { FRENCH_HEADERS } from '@/lib/import/templates/template-headers';
import { DEFAULT_TEMPLATE_TARGETS, templateTargets } from '@/lib/import/templates/template-targets';

const headerLine = (content: string) => content.slice(1, content.indexOf('\r\n'));

describe('template headers', () => {
  it('names every field in French with a header the automatic mapping reads as that field', () => {
    for (const field of ALL_FIELDS) expect(exactFieldFor(FRENCH_HEADERS[field.key as FieldKey]), field.key).toBe(field.key);
  });

  it('without a profile, lists every field but Deleted, each mapped back automatically, in both languages', () => {
    expect(DEFAULT_TEMPLATE_TARGETS).toHaveLength(ALL_FIELDS.length - 1);
    expect(DEFAULT_TEMPLATE_TARGETS).not.toContain('deleted');
    expect(DEFAULT_TEMPLATE_TARGETS[0]).toBe('externalId');
    for (const locale of ['en', 'fr'] as const) {
      const file = buildTemplateFile({ kind: 'template', locale });
      expect(file.targets).toEqual(DEFAULT_TEMPLATE_TARGETS);
      expect(Object.values(suggestMapping(file.headers))).toEqual(file.targets);
    }
    expect(buildTemplateFile({ kind: 'template', locale: 'fr' }).headers.slice(0, 4)).toEqual(['ID externe', 'Prénom', 'Deuxième prénom', 'Nom']);
  });

  it('for a profile: its mapped and imported fields, External ID always, the organization ID with any organization column', () => {
    const profile = {
      columnMapping: { 'Mail client': 'workEmail', Société: 'organizationName', Ville: 'city', Notes: '', Tier: 'custom:Tier' },
      importFields: ['workEmail', 'firstName'],
    };
    // City is mapped but not imported; First Name is imported with no column yet.
    expect(templateTargets(profile)).toEqual(['externalId', 'firstName', 'workEmail', 'organizationExternalId', 'organizationName', 'custom:Tier']);
    expect(templateTargets({ columnMapping: {}, importFields: [] })).toEqual(DEFAULT_TEMPLATE_TARGETS);
  });

  it('falls back to another name when the profile maps the French name to something else', () => {
    // This profile reads "Nom" as the first name: its template cannot call the last name "Nom".
    const profile = { name: 'Odd', columnMapping: { Nom: 'firstName', 'Family': 'lastName' }, importFields: ['firstName', 'lastName'] };
    const file = buildTemplateFile({ kind: 'template', locale: 'fr', profile });
    expect(file.headers).toEqual(['ID externe', 'Prénom', 'Last Name']);
    expect(mappingForFile(file.headers, profile.columnMapping)).toEqual({ 'ID externe': 'externalId', Prénom: 'firstName', 'Last Name': 'lastName' });
  });
});

describe('template files', () => {
  it('are UTF-8 with a BOM, CRLF, comma in English and semicolon in French', () => {
    const en = buildTemplateFile({ kind: 'template', locale: 'en' });
    expect(en.content.startsWith('\uFEFFExternal ID,First Name,Middle Name,Last Name,Salutation,')).toBe(true);
    expect(en.content.endsWith('External Organization Industry\r\n')).toBe(true);
    expect(en.fileName).toBe('contacts-template.csv');
    const fr = buildTemplateFile({ kind: 'sample', locale: 'fr', profile: { name: 'Clients Île-de-France / 2025', columnMapping: {}, importFields: [] } });
    expect(headerLine(fr.content).startsWith('ID externe;Prénom;Deuxième prénom;Nom;Civilité;')).toBe(true);
    expect(fr.fileName).toBe('exemple-contacts-clients-ile-de-france-2025.csv');
  });

  it('neutralise cells a spreadsheet would run as a formula, and quote separators', () => {
    expect(toCsvText(['=cmd', 'a,b'], [['+44 20 7946 0958', '@SUM(1)', 'say "hi"']], ','))
      .toBe('\uFEFF\'=cmd,"a,b"\r\n\'+44 20 7946 0958,\'@SUM(1),"say ""hi"""\r\n');
  });

  it('a sample has 3 rows; its phones are national with a Country Code column, international without', () => {
    const withCountry = buildTemplateFile({ kind: 'sample', locale: 'en' });
    const lines = withCountry.content.split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain('(415) 555-0100');
    const noCountry = buildTemplateFile({ kind: 'sample', locale: 'fr', profile: {
      name: 'x', columnMapping: { Tel: 'workPhone' }, importFields: ['workPhone'],
    } });
    expect(noCountry.content.split('\r\n').slice(1, 4)).toEqual(["EXEMPLE-001;'+33 1 42 68 53 00", "EXEMPLE-002;'+33 4 78 42 10 10", "EXEMPLE-003;'+33 5 56 00 66 00"]);
  });
});
