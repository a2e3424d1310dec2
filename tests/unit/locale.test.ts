import { describe, expect, it } from 'vitest';
import { chooseLocale } from '@/lib/i18n/negotiate';
import { getTranslator } from '@/lib/i18n/translator';

describe('chooseLocale', () => {
  it('prefers the saved choice, then the cookie, then the browser', () => {
    expect(chooseLocale({ saved: 'fr', cookie: 'en', acceptLanguage: 'en' })).toBe('fr');
    expect(chooseLocale({ saved: null, cookie: 'fr', acceptLanguage: 'en-US' })).toBe('fr');
    expect(chooseLocale({ acceptLanguage: 'fr-CA,fr;q=0.9,en;q=0.5' })).toBe('fr');
    expect(chooseLocale({ acceptLanguage: 'de-DE,fr;q=0.4' })).toBe('fr');
  });

  it('falls back to English for unknown or missing languages and ignores bad saved values', () => {
    expect(chooseLocale({ acceptLanguage: 'de-DE' })).toBe('en');
    expect(chooseLocale({})).toBe('en');
    expect(chooseLocale({ saved: 'xx', cookie: 'zz' })).toBe('en');
  });
});

describe('translator', () => {
  it('formats counts the French way', () => {
    expect(getTranslator('fr')('common.resultCount', { count: 1000 })).toBe('1\u202f000 résultats');
    expect(getTranslator('en')('common.resultCount', { count: 1000 })).toBe('1,000 results');
    expect(getTranslator('en')('common.resultCount', { count: 1 })).toBe('1 result');
  });

  it('reads permission strings as keys despite their colons', () => {
    expect(getTranslator('fr')('permissions.names.externalContacts:contact:view'))
      .toBe('Contacts externes > Contact > Visualiser');
  });
});
