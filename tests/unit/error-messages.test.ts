import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { KNOWN_ROW_ERROR_CODES, ROW_ERROR_MESSAGE_KEYS, formatRowError, rowErrorMessageKey } from '@/lib/import/rows/error-messages';

type Messages = { importErrors: Record<string, unknown> };

/** The merged messages file once the fragment has been merged, the fragment until then. */
function messages(locale: 'en' | 'fr'): Messages {
  const root = path.resolve(__dirname, '../../messages');
  const main = JSON.parse(readFileSync(path.join(root, `${locale}.json`), 'utf8'));
  if (main.importErrors) return main;
  const fragment = path.join(root, '.incoming', `import-errors.${locale}.json`);
  expect(existsSync(fragment), fragment).toBe(true);
  return JSON.parse(readFileSync(fragment, 'utf8'));
}
const en = messages('en');
const fr = messages('fr');

function translator(messages: object) {
  const instance = i18next.createInstance();
  void instance.init({ lng: 'x', resources: { x: { translation: messages } }, interpolation: { escapeValue: false }, initAsync: false });
  return instance.t.bind(instance) as (key: string, params?: Record<string, unknown>) => string;
}

describe('row error messages', () => {
  it('have an English and a French message for every code, with the same placeholders', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)/g)].map((m) => m[1]).sort();
    for (const code of KNOWN_ROW_ERROR_CODES) {
      const key = ROW_ERROR_MESSAGE_KEYS[code].split('.')[1];
      expect(typeof en.importErrors[key], code).toBe('string');
      expect(placeholders(fr.importErrors[key] as string), code).toEqual(placeholders(en.importErrors[key] as string));
    }
  });

  it('read as plain sentences with the offending value', () => {
    const tEn = translator(en);
    const tFr = translator(fr);
    const error = { code: 'invalidEmail', column: 'Work Email', params: { value: 'john@' } };
    expect(formatRowError(error, tEn)).toBe('“john@” is not a valid e-mail address.');
    expect(formatRowError(error, tFr)).toBe('«\u00a0john@\u00a0» n\'est pas une adresse de courriel valide.');
    expect(formatRowError({ code: 'tooLong', column: 'First Name', params: { max: 1000 } }, tEn))
      .toBe('“First Name” is too long: at most 1000 characters.');
    expect(formatRowError({ code: 'fromTheFuture', column: null }, tEn)).toBe('This line could not be imported (fromTheFuture).');
    expect(rowErrorMessageKey('invalidPhone')).toBe('importErrors.invalidPhone');
  });
});
