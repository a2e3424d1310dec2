import { describe, expect, it } from 'vitest';
import type { ImportSettings } from '@/lib/import/rows/types';
import { ROW_ERROR_CODES, createRowValidator, type RowValidation } from '@/lib/import/rows/validate-row';

const HEADERS = [
  'External ID', 'First Name', 'Last Name', 'Work Email', 'Personal Email', 'Work Phone', 'Cell Phone', 'Country Code',
  'Callable', 'Survey Opt Out', 'External System URL', 'External Organization External ID', 'External Organization Name',
  'Deleted', 'Custom: Tier', 'Notes',
];

function settings(overrides: Partial<ImportSettings> = {}): ImportSettings {
  return {
    externalSourceId: 'source-1', matchBy: ['externalId'], mergeMode: 'updateFirst', loadType: 'upsert',
    importFields: [], columnMapping: {}, defaultCountry: 'US', emptyCellsClear: false, ...overrides,
  };
}

const VALID: Record<string, string> = { 'External ID': 'C-1', 'First Name': 'Ada', 'Work Email': 'ada@example.com' };

function cells(values: Record<string, string>, headers = HEADERS): string[] {
  return headers.map((h) => values[h] ?? '');
}

function validate(values: Record<string, string>, overrides: Partial<ImportSettings> = {}): RowValidation {
  return createRowValidator(settings(overrides), HEADERS)(cells({ ...VALID, ...values }), 7);
}

const codesOf = (result: RowValidation) => (result.ok ? [] : result.errors.map((e) => e.code));

describe('createRowValidator', () => {
  it('normalises a valid row', () => {
    const result = validate({
      'First Name': '  Ada ', 'Last Name': '   ', 'Work Email': ' Ada@Example.com ', 'Work Phone': '+1 (415) 555-2671',
      'Cell Phone': '06 12 34 56 78', 'Country Code': 'fr', Callable: 'Oui', 'Survey Opt Out': 'FALSE',
      'External System URL': 'https://crm.example.com/c/1', 'External Organization External ID': 'ORG-9',
      'External Organization Name': 'Acme', Deleted: '1700000000000', 'Custom: Tier': 'Gold', Notes: 'ignored',
    });
    expect(result).toEqual({
      ok: true,
      row: {
        line: 7,
        externalId: 'C-1',
        values: {
          firstName: 'Ada', lastName: null, workEmail: 'Ada@Example.com', personalEmail: null,
          workPhone: '+14155552671', cellPhone: '+33612345678', countryCode: 'FR', callable: true, surveyOptOut: false,
          externalSystemUrl: 'https://crm.example.com/c/1',
        },
        phoneDisplay: { workPhone: '+1 (415) 555-2671', cellPhone: '06 12 34 56 78' },
        customFields: { Tier: 'Gold' },
        organization: { externalId: 'ORG-9', name: 'Acme', details: {} },
        deletedAt: new Date(1700000000000),
      },
    });
  });

  it('reads national numbers in the default country when the row has no Country Code', () => {
    const result = validate({ 'Work Phone': '(415) 555-2671' });
    expect(result.ok && result.row.values.workPhone).toBe('+14155552671');
    expect(result.ok && result.row.phoneDisplay.workPhone).toBe('(415) 555-2671');
  });

  it.each<[string, string, string, string]>([
    ['externalIdMissing', 'External ID', '', 'C-2'],
    ['externalIdTooLong', 'External ID', 'x'.repeat(256), 'x'.repeat(255)],
    ['invalidEmail', 'Work Email', 'john@', 'john@example.com'],
    ['invalidEmail', 'Personal Email', 'john@example', 'john.doe+tag@mail.example.co.uk'],
    ['invalidEmail', 'Work Email', 'john doe@example.com', 'élodie@exemple.fr'],
    ['invalidEmail', 'Work Email', 'john@@example.com', 'o\'brien@example.ie'],
    ['invalidEmail', 'Work Email', 'john@example..com', 'john@sub-domain.example.com'],
    ['invalidEmail', 'Work Email', '.john@example.com', 'j.ohn@example.com'],
    ['invalidEmail', 'Work Email', 'john@-example.com', 'john@xn--bcher-kva.example'],
    ['invalidEmail', 'Work Email', `${'a'.repeat(65)}@example.com`, `${'a'.repeat(64)}@example.com`],
    ['emailTooLong', 'Work Email', `john@${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.${'e'.repeat(60)}.com`, 'j@example.com'],
    ['invalidPhone', 'Work Phone', 'call me', '+1 415-555-2629'],
    ['invalidPhone', 'Cell Phone', '+1 999 555 0100', '+44 121 496 0000'],
    ['invalidDeleted', 'Deleted', '2024-01-01', '1700000000000'],
    ['invalidDeleted', 'Deleted', '-1', '0'],
    ['invalidDeleted', 'Deleted', '99999999999999', '32503680000000'],
    ['invalidDeleted', 'Deleted', '1.7e12', '1700000000000'],
    ['invalidCallable', 'Callable', 'maybe', 'non'],
    ['invalidBoolean', 'Survey Opt Out', 'sometimes', 'Yes'],
    ['tooLong', 'First Name', 'a'.repeat(1001), 'a'.repeat(1000)],
    ['tooLong', 'First Name', '😀'.repeat(1001), '😀'.repeat(1000)],
    ['tooLong', 'External Organization External ID', 'o'.repeat(256), 'o'.repeat(255)],
    ['invalidCountryCode', 'Country Code', 'France', 'fr'],
    ['invalidCountryCode', 'Country Code', 'ZZ', 'uk'],
    ['invalidCountryCode', 'Country Code', 'EU', 'XK'],
    ['invalidUrl', 'External System URL', 'javascript:alert(1)', 'http://example.com'],
    ['invalidUrl', 'External System URL', 'www.example.com', 'https://example.com/a?b=c#d'],
  ])('%s: %s = %j fails, %j passes', (code, header, bad, good) => {
    const failed = validate({ [header]: bad });
    expect(failed.ok).toBe(false);
    if (!failed.ok) expect(failed.errors).toEqual([expect.objectContaining({ line: 7, column: header, code })]);
    expect(validate({ [header]: good })).toMatchObject({ ok: true });
  });

  it('requires an organization External ID when a row names an organization', () => {
    const failed = validate({ 'External Organization Name': 'Acme' });
    expect(failed).toEqual({ ok: false, errors: [{
      line: 7, column: 'External Organization External ID', code: 'organizationExternalIdMissing', params: { value: 'Acme' },
    }] });
    const headers = HEADERS.filter((h) => h !== 'External Organization External ID');
    const noIdColumn = createRowValidator(settings(), headers)(cells({ ...VALID, 'External Organization Name': 'Acme' }, headers), 3);
    expect(noIdColumn).toMatchObject({ ok: false, errors: [{ column: 'External Organization Name', code: 'organizationExternalIdMissing' }] });
    expect(validate({ 'External Organization External ID': 'ORG-1' })).toMatchObject({
      ok: true, row: { organization: { externalId: 'ORG-1', name: null } },
    });
  });

  it('reads the organization details: phone in its own country, else the row\'s; each rule names its column', () => {
    const headers = ['External ID', 'Country Code', 'External Organization External ID', 'External Organization Phone',
      'External Organization Country Code', 'External Organization Website', 'External Organization Industry'];
    const validator = createRowValidator(settings(), headers);
    const row = (values: Record<string, string>) => validator(cells({ 'External ID': 'C-1', ...values }, headers), 4);
    expect(row({ 'Country Code': 'GB', 'External Organization External ID': 'O-1', 'External Organization Phone': '01 42 68 53 00',
      'External Organization Country Code': 'fr', 'External Organization Industry': ' Retail ' })).toMatchObject({ ok: true, row: {
      organization: { externalId: 'O-1', name: null, details: {
        organizationPhone: '+33142685300', organizationCountryCode: 'FR', organizationWebsite: null, organizationIndustry: 'Retail',
      } },
    } });
    expect(row({ 'Country Code': 'GB', 'External Organization External ID': 'O-1', 'External Organization Phone': '0121 496 0000' }))
      .toMatchObject({ ok: true, row: { organization: { details: { organizationPhone: '+441214960000' } } } });
    expect(row({ 'External Organization External ID': 'O-1', 'External Organization Phone': 'call us',
      'External Organization Website': 'www.example.com', 'External Organization Country Code': 'France' })).toMatchObject({ ok: false, errors: [
      { column: 'External Organization Country Code', code: 'invalidCountryCode' },
      { column: 'External Organization Phone', code: 'invalidPhone' },
      { column: 'External Organization Website', code: 'invalidUrl' },
    ] });
    expect(row({ 'External Organization Industry': 'Retail' })).toMatchObject({ ok: false, errors: [
      { column: 'External Organization External ID', code: 'organizationExternalIdMissing', params: { value: 'Retail' } },
    ] });
    // Left out of the profile's import fields: not read, so no rule and no organization from it.
    const notImported = createRowValidator(settings({ importFields: ['firstName'] }), headers);
    expect(notImported(cells({ 'External ID': 'C-1', 'External Organization Phone': 'call us' }, headers), 2))
      .toMatchObject({ ok: true, row: { organization: null } });
  });

  it('reports extra non-empty cells as a wrong column count, and tolerates empty or missing trailing ones', () => {
    const validator = createRowValidator(settings(), HEADERS);
    const row = cells(VALID);
    expect(validator([...row, 'surprise'], 2)).toEqual({ ok: false, errors: [{
      line: 2, column: null, code: 'wrongColumnCount', params: { expected: HEADERS.length, actual: HEADERS.length + 1 },
    }] });
    expect(validator([...row, '', '  '], 2).ok).toBe(true);
    expect(validator(row.slice(0, 4), 2)).toMatchObject({ ok: true, row: { values: { workEmail: 'ada@example.com', lastName: null } } });
  });

  it('gives params a person can read in the message', () => {
    expect(validate({ 'Work Email': 'john@' })).toMatchObject({ errors: [{ params: { value: 'john@' } }] });
    expect(validate({ 'First Name': 'a'.repeat(1001) })).toMatchObject({ errors: [{ params: { max: 1000 } }] });
    expect(validate({ 'Work Email': `${'x'.repeat(300)}` })).toMatchObject({ errors: [{ code: 'emailTooLong', params: { max: 256 } }] });
  });

  it('reports every failing rule of a row', () => {
    const result = validate({ 'External ID': '', 'Work Email': 'bad', 'Work Phone': 'bad', Callable: 'bad' });
    expect(codesOf(result).sort()).toEqual(['externalIdMissing', 'invalidCallable', 'invalidEmail', 'invalidPhone']);
    expect(ROW_ERROR_CODES).toEqual(expect.arrayContaining(codesOf(result)));
  });

  it('treats whitespace-only cells as empty', () => {
    const result = validate({
      'First Name': ' \t ', 'Work Email': '   ', 'Work Phone': '\u00a0', Callable: '  ', Deleted: ' ', 'Custom: Tier': '  ',
    }, { matchBy: [] });
    expect(result).toMatchObject({
      ok: true,
      row: { values: { firstName: null, workEmail: null, workPhone: null, callable: null }, customFields: { Tier: null }, deletedAt: null },
    });
    expect(codesOf(validate({ 'External ID': '   ' }))).toEqual(['externalIdMissing']);
  });

  it('needs an External ID whatever the profile matches by (SPEC section 4)', () => {
    const row = { 'External ID': '' };
    expect(codesOf(validate(row, { matchBy: ['workEmail'] }))).toEqual(['externalIdMissing']);
    expect(codesOf(validate(row, { matchBy: ['workEmail', 'externalId'] }))).toEqual(['externalIdMissing']);
    expect(codesOf(validate(row, { matchBy: ['workEmail'], loadType: 'deleteListed' }))).toEqual(['externalIdMissing']);
  });

  it('reads only the External ID of a delete-listed file', () => {
    const result = validate({ 'Work Email': 'not an e-mail', Callable: 'perhaps', 'External Organization Name': 'Acme' },
      { loadType: 'deleteListed' });
    expect(result).toEqual({ ok: true, row: {
      line: 7, externalId: 'C-1', values: {}, phoneDisplay: {}, customFields: {}, organization: null, deletedAt: null,
    } });
  });

  it('ignores fields the profile does not import, yet reads Country Code for phones', () => {
    const result = validate({ 'Work Email': 'not an e-mail', 'Cell Phone': '06 12 34 56 78', 'Country Code': 'FR' },
      { importFields: ['firstName', 'cellPhone'] });
    expect(result).toMatchObject({ ok: true, row: { values: { firstName: 'Ada', cellPhone: '+33612345678' } } });
    expect(result.ok && Object.keys(result.row.values).sort()).toEqual(['cellPhone', 'firstName']);
    expect(validate({ 'Country Code': 'Mars' }, { importFields: ['cellPhone'] }).ok).toBe(true);
  });

  it('follows the profile column mapping, including custom fields', () => {
    const headers = ['Ref', 'Mail', 'Shoe size'];
    const validator = createRowValidator(settings({
      columnMapping: { Ref: 'externalId', Mail: 'personalEmail', 'Shoe size': 'custom:Shoe size' },
    }), headers);
    expect(validator(['R1', 'a@b.co', '42'], 1)).toMatchObject({
      ok: true, row: { externalId: 'R1', values: { personalEmail: 'a@b.co' }, customFields: { 'Shoe size': '42' } },
    });
    expect(validator(['R1', 'a@b', '42'], 1)).toMatchObject({ ok: false, errors: [{ column: 'Mail', code: 'invalidEmail' }] });
  });

  it('reads back cells that the error report neutralised', () => {
    const result = validate({ 'First Name': "'=1+1", 'Work Phone': "'+44 121 496 0000", 'Last Name': "'O'Hara" });
    expect(result).toMatchObject({ ok: true, row: {
      values: { firstName: '=1+1', workPhone: '+441214960000', lastName: "'O'Hara" },
      phoneDisplay: { workPhone: '+44 121 496 0000' },
    } });
  });

  it('finds exactly the 15 incomplete e-mails of a 1,000-row file (seed 004)', () => {
    const validator = createRowValidator(settings(), HEADERS);
    const broken = new Set(Array.from({ length: 15 }, (_, i) => i * 66 + 5));
    const incomplete = ['john@', 'john@example', '@example.com', 'john.example.com', 'john@example.'];
    let valid = 0;
    const failures: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const email = broken.has(i) ? incomplete[i % incomplete.length] : `person${i}@example.com`;
      const result = validator(cells({ 'External ID': `C-${i}`, 'First Name': `P${i}`, 'Work Email': email,
        'Work Phone': `+1415555${String(1000 + i).padStart(4, '0')}` }), i + 2);
      if (result.ok) valid++;
      else {
        expect(result.errors).toEqual([expect.objectContaining({ code: 'invalidEmail', column: 'Work Email' })]);
        failures.push(i);
      }
    }
    expect(valid).toBe(985);
    expect(failures).toEqual([...broken]);
  });
});
