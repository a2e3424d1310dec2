import { describe, expect, it } from 'vitest';
import { getCountries, getExampleNumber, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';
import { normalizePhone, parsePhoneFully, phoneCountry } from '@/lib/import/rows/phone';
import { isValidE164, validNationalToE164 } from '@/lib/import/rows/phone-e164-check';

describe('normalizePhone', () => {
  it.each([
    ['+44 121 496 0000', '+441214960000'],
    ['0044 121 496 0000', '+441214960000'],
    ['(0044) 121 496 0000', '+441214960000'],
    ['(+44)121.496.5251', '+441214965251'],
    ['+44 (0)121 496 0000', '+441214960000'],
    ['+1 415-555-2629', '+14155552629'],
    ['+1 321 555 9872 x 123', '+13215559872'],
    ['+1 321 555 9872 ext. 123', '+13215559872'],
    ['+1 321 555 9872 #123', '+13215559872'],
    ['+33 6 12 34 56 78 poste 12', '+33612345678'],
    ['tel:+1-415-555-2671', '+14155552671'],
    ['+14155552671', '+14155552671'],
  ])('reads %s as %s whatever the default country', (input, e164) => {
    for (const defaultCountry of ['US', 'FR']) {
      expect(normalizePhone(input, null, defaultCountry)).toEqual({ e164, display: input });
    }
  });

  it('reads a national number in the row country (any case), else the default country', () => {
    expect(normalizePhone('06 12 34 56 78', 'fr', 'US')).toEqual({ e164: '+33612345678', display: '06 12 34 56 78' });
    expect(normalizePhone('06 12 34 56 78', null, 'FR')).toMatchObject({ e164: '+33612345678' });
    expect(normalizePhone('06 12 34 56 78', null, 'US')).toEqual({ error: 'invalidPhone' });
    expect(normalizePhone('(415) 555-2671', null, 'US')).toMatchObject({ e164: '+14155552671' });
    expect(normalizePhone('0121 496 0000', 'GB', 'US')).toMatchObject({ e164: '+441214960000' });
    expect(normalizePhone('(415) 555-2671', 'ZZ', 'US')).toMatchObject({ e164: '+14155552671' });
    // 011 is the international prefix dialled from the US, not from France.
    expect(normalizePhone('011 44 121 496 0000', null, 'US')).toMatchObject({ e164: '+441214960000' });
    expect(normalizePhone('011 44 121 496 0000', null, 'FR')).toEqual({ error: 'invalidPhone' });
  });

  it('keeps the extension out of E.164 but in the display text', () => {
    const result = normalizePhone('  +1 321 555 9872 x 123 ', null, 'US');
    expect(result).toEqual({ e164: '+13215559872', display: '+1 321 555 9872 x 123' });
  });

  it.each([
    'abc', '123', '', '   ', '+1 999 555 0100', '+44 121', 'Call +1 415 555 2671', '+1 415 555 2671 / +1 415 555 2672',
    '1-800-FLOWERS', '+0 123 456 789', '++44 121 496 0000', '9'.repeat(200), '+1 415 555 2671 x', 'john@example.com',
  ])('refuses %j', (input) => {
    expect(normalizePhone(input, null, 'US')).toEqual({ error: 'invalidPhone' });
  });

  it('falls back to the default country when the row country is unknown to libphonenumber', () => {
    expect(phoneCountry('be', 'US')).toBe('BE');
    expect(phoneCountry('ZZ', 'fr')).toBe('FR');
    expect(phoneCountry(null, 'nowhere')).toBeUndefined();
  });
});

describe('the E.164 fast path', () => {
  const slow = (e164: string) => parsePhoneFully(e164, 'US');
  const e164s: string[] = [];
  for (const country of getCountries()) {
    const example = getExampleNumber(country as CountryCode, examples);
    if (!example) continue;
    e164s.push(example.number);
    // Neighbours of each example: mostly valid, some not, in every numbering plan.
    for (let i = 0; i < 10; i++) e164s.push(example.number.slice(0, -2) + String((i * 37) % 100).padStart(2, '0'));
  }
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < 20_000; i++) {
    let number = `+${1 + Math.floor(random() * 9)}`;
    const length = 8 + Math.floor(random() * 8);
    while (number.length < length) number += Math.floor(random() * 10);
    e164s.push(number);
  }

  it('gives the same answer as the full parse on every valid E.164 number', () => {
    let valid = 0;
    for (const e164 of e164s) {
      const parsed = parsePhoneNumberFromString(e164);
      if (!parsed?.isValid() || parsed.number !== e164) continue;
      valid++;
      expect(normalizePhone(e164, null, 'US'), e164).toEqual(slow(e164));
      expect(normalizePhone(e164, null, 'US'), e164).toEqual({ e164, display: e164 });
    }
    expect(valid).toBeGreaterThan(2000);
  });

  it('never accepts a number the full parse refuses or writes differently', () => {
    let accepted = 0;
    for (const e164 of e164s) {
      if (!/^\+[1-9]\d{7,14}$/.test(e164) || !isValidE164(e164)) continue;
      accepted++;
      const parsed = parsePhoneNumberFromString(e164);
      expect(parsed?.isValid() && parsed.number, e164).toBe(e164);
    }
    expect(accepted).toBeGreaterThan(2000);
  });

  it('gives the same answer as the full parse on formatted international numbers', () => {
    let compared = 0;
    for (const e164 of e164s) {
      const parsed = parsePhoneNumberFromString(e164);
      if (!parsed?.isValid()) continue;
      const international = parsed.formatInternational();
      const dotted = `(${international.replace(' ', ')').replace(/ /g, '.')}`;
      for (const written of [international, dotted, `${international} x 12`]) {
        compared++;
        expect(normalizePhone(written, null, 'US'), written).toEqual(slow(written));
      }
    }
    expect(compared).toBeGreaterThan(6000);
  });

  it('gives the same answer as the full parse on national numbers, in their country and in others', () => {
    let compared = 0;
    const defaults = ['US', 'CA', 'GB', 'JE', 'FR', 'DE', 'RU', 'KZ', 'IT', 'AR', 'BR', 'IN', 'AU'] as CountryCode[];
    for (const e164 of e164s) {
      const parsed = parsePhoneNumberFromString(e164);
      if (!parsed?.isValid() || !parsed.country) continue;
      const written = [parsed.formatNational(), parsed.nationalNumber, `${parsed.formatNational()} ext. 7`];
      for (const country of [parsed.country, defaults[compared % defaults.length]]) {
        for (const text of written) {
          compared++;
          expect(normalizePhone(text, country, 'US'), `${text} in ${country}`).toEqual(parsePhoneFully(text, country));
        }
      }
    }
    expect(compared).toBeGreaterThan(10_000);
  });

  it('takes most valid numbers without the full parse', () => {
    expect(isValidE164('+14155552671')).toBe(true);
    expect(isValidE164('+33612345678')).toBe(true);
    expect(isValidE164('+441214960000')).toBe(true);
    expect(isValidE164('+19995550100')).toBe(false);
    expect(isValidE164('+4401214960000')).toBe(false); // national prefix: the full parse strips it
    expect(normalizePhone('+4401214960000', null, 'US')).toEqual({ e164: '+441214960000', display: '+4401214960000' });
    expect(validNationalToE164('4155552671', 'US')).toBe('+14155552671');
    expect(validNationalToE164('612345678', 'FR')).toBe('+33612345678');
    expect(validNationalToE164('0612345678', 'FR')).toBeNull(); // national prefix: the full parse strips it
    expect(validNationalToE164('0114412149600', 'US')).toBeNull(); // international prefix
  });
});
