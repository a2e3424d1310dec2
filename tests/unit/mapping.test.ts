import { describe, expect, it } from 'vitest';
import { ALL_FIELDS } from '@/lib/import/rows/fields';
import { compileMapping, isImported, suggestMapping, unmappedHeaders } from '@/lib/import/rows/mapping';
import { normaliseHeader } from '@/lib/import/rows/header-match';

describe('suggestMapping', () => {
  it('maps every English default header to its field', () => {
    const headers = ALL_FIELDS.map((f) => f.header);
    const mapping = suggestMapping(headers);
    for (const field of ALL_FIELDS) expect(mapping[field.header], field.header).toBe(field.key);
  });

  it('tolerates case, spacing, punctuation and snake/kebab case', () => {
    expect(suggestMapping(['work_email', ' Work-Email ', 'WORK EMAIL'])).toEqual({
      work_email: 'workEmail', ' Work-Email ': null, 'WORK EMAIL': null,
    });
    expect(suggestMapping(['first-name', 'LAST_NAME', 'external.id', 'cell phone'])).toEqual({
      'first-name': 'firstName', LAST_NAME: 'lastName', 'external.id': 'externalId', 'cell phone': 'cellPhone',
    });
  });

  it('recognises French headers, with or without accents', () => {
    expect(suggestMapping(['Prénom', 'Nom', 'Courriel professionnel', 'Téléphone mobile', 'Code postal', 'Ville']))
      .toEqual({
        Prénom: 'firstName', Nom: 'lastName', 'Courriel professionnel': 'workEmail', 'Téléphone mobile': 'cellPhone',
        'Code postal': 'postalCode', Ville: 'city',
      });
    expect(suggestMapping(['PRENOM', 'telephone professionnel'])).toEqual({
      PRENOM: 'firstName', 'telephone professionnel': 'workPhone',
    });
  });

  it('fuzzy-matches a misspelt header to the closest field', () => {
    expect(suggestMapping(['Frist Name', 'Lsat Name', 'Emial'])).toEqual({
      'Frist Name': 'firstName', 'Lsat Name': 'lastName', Emial: 'workEmail',
    });
  });

  it('leaves headers that resemble nothing unmapped', () => {
    expect(suggestMapping(['Favourite colour', 'Non', 'Notes'])).toEqual({
      'Favourite colour': null, Non: null, Notes: null,
    });
  });

  it('maps Custom: columns to custom fields', () => {
    expect(suggestMapping(['Custom: Loyalty tier', 'custom:VIP', 'Personnalisé : Segment', 'Custom:'])).toEqual({
      'Custom: Loyalty tier': 'custom:Loyalty tier', 'custom:VIP': 'custom:VIP',
      'Personnalisé : Segment': 'custom:Segment', 'Custom:': null,
    });
  });

  it('uses remembered mappings for headers it cannot name, and they beat aliases and fuzzy guesses', () => {
    const remembered = { 'Mail perso': 'personalEmail', Email: 'otherEmail', 'Frist Name': 'middleName', Memo: '' };
    expect(suggestMapping(['Mail perso', 'Email', 'Frist Name', 'Memo'], remembered)).toEqual({
      'Mail perso': 'personalEmail', Email: 'otherEmail', 'Frist Name': 'middleName', Memo: null,
    });
  });

  it('lets a default header win over a remembered mapping, and matches remembered headers loosely', () => {
    expect(suggestMapping(['Work Email', 'mail_perso'], { 'Work Email': 'otherEmail', 'Mail perso': 'personalEmail' }))
      .toEqual({ 'Work Email': 'workEmail', mail_perso: 'personalEmail' });
  });

  it('treats a null remembered target as "ignore", like an empty one', () => {
    expect(suggestMapping(['Email'], { Email: null })).toEqual({ Email: null });
  });

  it('ignores remembered targets that are not fields', () => {
    expect(suggestMapping(['Thing'], { Thing: 'noSuchField' })).toEqual({ Thing: null });
  });

  it('never uses a field twice', () => {
    const mapping = suggestMapping(
      ['Email', 'Work Email', 'Courriel professionnel', 'Work Emial', 'Mobile', 'Cell Phone', 'Mail'],
      { Mail: 'workEmail' },
    );
    expect(mapping).toEqual({
      Email: null, 'Work Email': 'workEmail', 'Courriel professionnel': null, 'Work Emial': null,
      Mobile: null, 'Cell Phone': 'cellPhone', Mail: null,
    });
    const targets = Object.values(mapping).filter((t) => t !== null);
    expect(new Set(targets).size).toBe(targets.length);
  });

  it('has no alias or default header that names two fields', () => {
    const owner = new Map<string, string>();
    for (const field of ALL_FIELDS) {
      for (const name of [field.header, ...field.aliases].map(normaliseHeader)) {
        expect(owner.get(name) ?? field.key, `${name} names ${owner.get(name)} and ${field.key}`).toBe(field.key);
        owner.set(name, field.key);
      }
    }
  });
});

describe('compileMapping', () => {
  const headers = ['External ID', 'First Name', 'Notes', 'Work Email', 'Custom: Tier', 'Mail'];

  it('plans each read column once, by index, with its field definition', () => {
    const plan = compileMapping(headers, { Mail: 'personalEmail' }, ['firstName', 'workEmail', 'personalEmail']);
    expect(plan.columns.map((c) => [c.index, c.target])).toEqual([
      [0, 'externalId'], [1, 'firstName'], [3, 'workEmail'], [4, 'custom:Tier'], [5, 'personalEmail'],
    ]);
    expect(plan.byField.get('workEmail')?.field?.maxLength).toBe(256);
    expect(plan.columns[3].customName).toBe('Tier');
    expect(plan.unmapped).toEqual(['Notes']);
  });

  it('skips fields the profile does not import, but always reads control fields', () => {
    const plan = compileMapping(headers, {}, ['firstName']);
    expect(plan.columns.map((c) => c.target)).toEqual(['externalId', 'firstName', 'custom:Tier']);
    expect(plan.notImported).toEqual(['Work Email']);
    expect(plan.unmapped).toEqual(['Notes', 'Mail']); // "Mail" is an alias of work e-mail, already taken
    expect(plan.mappedByField.has('workEmail')).toBe(true);
  });

  it('treats an empty import list as every contact field', () => {
    expect(isImported('city', [])).toBe(true);
    expect(isImported('city', ['firstName'])).toBe(false);
    expect(isImported('externalId', ['firstName'])).toBe(true);
  });

  it('honours an explicit "ignore" and reads a field once when two columns claim it', () => {
    const plan = compileMapping(['Work Email', 'E-mail', 'First Name'], { 'First Name': '', 'E-mail': 'workEmail' }, []);
    expect(plan.columns.map((c) => c.header)).toEqual(['Work Email']);
    expect(plan.unmapped).toEqual(['E-mail', 'First Name']);
  });

  it('lists unmapped headers', () => {
    expect(unmappedHeaders(['First Name', 'Notes', 'Custom: X', 'Shoe size'], { 'Shoe size': 'custom:Shoe size' }))
      .toEqual(['Notes']);
  });
});
