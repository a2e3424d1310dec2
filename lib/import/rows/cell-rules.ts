import { isSupportedCountry } from 'libphonenumber-js/max';
import { restoreCell } from './csv-injection';

/**
 * The per-cell checks of row validation, each a precompiled regular expression or a lookup so
 * that a million-row file costs no compilation per row.
 */

// local@domain.tld: a dot-atom local part (no spaces, quotes, brackets, second @, leading,
// trailing or double dot), at most 64 characters; then at least two domain labels of letters,
// digits and inner hyphens (63 at most each), the last one alphabetic or punycode. Non-ASCII
// letters are allowed on both sides (internationalised addresses). "john@" and "john@example" fail.
const EMAIL =
  /^[^\s@"(),:;<>[\]\\.]+(?:\.[^\s@"(),:;<>[\]\\.]+)*@(?:[a-z0-9\u00a1-\uffff](?:[a-z0-9\u00a1-\uffff-]{0,61}[a-z0-9\u00a1-\uffff])?\.)+(?:[a-z\u00a1-\uffff]{2,63}|xn--[a-z0-9-]{1,59})$/i;
const MAX_LOCAL_PART = 64;

export function isValidEmail(value: string): boolean {
  const at = value.indexOf('@');
  return at > 0 && at <= MAX_LOCAL_PART && EMAIL.test(value);
}

// French spreadsheets export TRUE/FALSE as VRAI/FAUX, so those are accepted too.
const BOOLEANS = new Map<string, boolean>([
  ['1', true], ['true', true], ['yes', true], ['oui', true], ['vrai', true],
  ['0', false], ['false', false], ['no', false], ['non', false], ['faux', false],
]);

/** 0/1, true/false, yes/no, oui/non, vrai/faux in any case -> boolean; anything else -> undefined. */
export function parseBoolean(value: string): boolean | undefined {
  return value.length > 5 ? undefined : BOOLEANS.get(value.toLowerCase());
}

const HTTP_URL = /^https?:\/\/[^\s/?#]+[^\s]*$/i;

/** An absolute http(s) URL: `javascript:`, `ftp:` and relative links are refused. */
export function isHttpUrl(value: string): boolean {
  return HTTP_URL.test(value) && URL.canParse(value);
}

const UNIX_MS = /^\d{1,16}$/;
const MAX_DELETED_MS = Date.UTC(3000, 0, 1);

/** An integer UNIX time in milliseconds between 1970 and the year 3000 -> Date; else null. */
export function parseDeletedAt(value: string): Date | null {
  if (!UNIX_MS.test(value)) return null;
  const ms = Number(value);
  return ms <= MAX_DELETED_MS ? new Date(ms) : null;
}

// ISO 3166 user-assigned codes (AA, QM-QZ, XA-XZ but Kosovo's XK, ZZ) and the reserved EU, EZ,
// UN that Intl names but are not countries. UK is written for GB often enough to be read as GB.
const NOT_COUNTRIES = /^(?:AA|Q[M-Z]|X[A-JL-Z]|ZZ|EU|EZ|UN)$/;
const ALIASES: Record<string, string> = { UK: 'GB' };
const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
const countryCache = new Map<string, string | null>();

/** A 2-letter ISO 3166 country (any case) known to libphonenumber or Intl -> upper case; else null. */
export function normaliseCountryCode(value: string): string | null {
  if (value.length !== 2) return null;
  let known = countryCache.get(value);
  if (known === undefined) {
    const upper = value.toUpperCase();
    const code = ALIASES[upper] ?? upper;
    const valid = /^[A-Z]{2}$/.test(code) && !NOT_COUNTRIES.test(code)
      && (isSupportedCountry(code) || regionNames.of(code) !== undefined);
    known = valid ? code : null;
    if (countryCache.size < 10_000) countryCache.set(value, known);
  }
  return known;
}

/** Length in characters (code points), as the database counts; `.length` counts UTF-16 units. */
export function exceedsLength(value: string, max: number): boolean {
  if (value.length <= max) return false;
  let count = 0;
  for (const _ of value) if (++count > max) return true;
  return false;
}

/**
 * A cell as the rules see it: trimmed, whitespace-only as null, and without the quote our error
 * report puts before formula-like cells (restoreCell), so a corrected report can be imported again.
 */
export function readCell(raw: string | undefined): string | null {
  if (raw === undefined || raw.length === 0) return null;
  let value = raw.trim();
  if (value.length > 1 && value.charCodeAt(0) === 0x27) value = restoreCell(value).trim();
  return value.length === 0 ? null : value;
}
