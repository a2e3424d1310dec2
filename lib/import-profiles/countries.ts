import { getCountries } from 'libphonenumber-js/max';

export interface CountryOption {
  code: string;
  name: string;
}

/** A country's name in the reader's language ("France", "Allemagne"); the code itself when unknown. */
export function countryName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * The countries phone numbers can be read for, by name in the reader's language. Server only
 * (the phone metadata stays out of the browser); `keep` adds a saved code that is not among them.
 */
export function countryOptions(locale: string, keep?: string): CountryOption[] {
  const codes: string[] = getCountries();
  if (keep && !codes.includes(keep)) codes.push(keep);
  const collator = new Intl.Collator(locale);
  return codes.map((code) => ({ code, name: countryName(code, locale) }))
    .sort((a, b) => collator.compare(a.name, b.name));
}
