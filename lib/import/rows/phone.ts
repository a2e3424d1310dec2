import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { isValidE164, validNationalToE164 } from './phone-e164-check';

/**
 * Phones are parsed with libphonenumber-js's `max` metadata on purpose: `min` only checks a
 * number's length for its country, so "+1 999 555 0100" (no such area code) or a mobile number
 * one digit short of a valid fixed-line length would be stored as valid and fail later in the
 * dialer. `max` checks the country's real number ranges; it is 157 kB instead of 83 kB, which
 * is nothing on the server, and worth it in the validation workbench's page, whose check as you
 * type must give the server's answer (lib/import/fixes/cell-check.ts); a parse costs about the
 * same with either (12-13 µs measured here); the fast paths below avoid most parses anyway.
 */
export type PhoneResult = { e164: string; display: string } | { error: 'invalidPhone' };

const STRICT_E164 = /^\+[1-9]\d{7,14}$/;
// Digits, spaces, dots, dashes, slashes, brackets and "+": anything else ("call me", two numbers)
// is not a phone, even if libphonenumber could dig one out of the text.
const PHONE_CHARACTERS = /^[+\d\s().\-/]+$/;
// "x 123", "ext. 123", "extension 123", "#123", ";ext=123", and the French "poste 123".
const EXTENSION = /\s*(?:[,;]\s*)?(?:ext(?:ension)?\.?|x|poste|p\.|#|ext=)\s*(\d{1,10})$/i;
const TEL_URI = /^tel:/i;
const PUNCTUATION = /[\s().\-/]+/g;
const NATIONAL_DIGITS = /^\d{2,17}$/;
const INVALID = { error: 'invalidPhone' } as const;

/** The ISO country a national number is read in: the row's when libphonenumber knows it, else the default. */
export function phoneCountry(rowCountry: string | null | undefined, defaultCountry: string): CountryCode | undefined {
  const row = rowCountry?.trim().toUpperCase();
  if (row && isSupportedCountry(row)) return row as CountryCode;
  const fallback = defaultCountry.trim().toUpperCase();
  return isSupportedCountry(fallback) ? (fallback as CountryCode) : undefined;
}

function parseValid(text: string, country: CountryCode | undefined): string | null {
  const parsed = parsePhoneNumberFromString(text, { defaultCountry: country });
  return parsed?.isValid() ? parsed.number : null;
}

/** The number part of a cell: without `tel:` and extension; null when it holds anything but a phone. */
function numberText(display: string): string | null {
  if (PHONE_CHARACTERS.test(display)) return display;
  let text = TEL_URI.test(display) ? display.slice(4) : display;
  const extension = EXTENSION.exec(text);
  if (extension) text = text.slice(0, extension.index);
  return PHONE_CHARACTERS.test(text) ? text : null;
}

/**
 * The full parse (libphonenumber), no fast path. The whole cell must be a phone plus an optional
 * extension, which is kept out of E.164 (the display text keeps it). `0044...` is read as
 * `+44...` even where "00" is not the country's international prefix (a US file, a UK number).
 */
export function parsePhoneFully(display: string, country: CountryCode | undefined): PhoneResult {
  const text = numberText(display);
  if (text === null) return INVALID;
  let e164 = parseValid(text, country);
  if (!e164) {
    const international = /^[\s(]*00\s*([1-9][\d\s().\-/]*)$/.exec(text);
    if (international) e164 = parseValid(`+${international[1]}`, country);
  }
  return e164 ? { e164, display } : INVALID;
}

/**
 * A phone as written -> E.164 plus the text as received. The fast path: a cell already
 * in strict E.164 that passes the cheap validity check skips the full parse. Two more forms do
 * too, once spaces and punctuation are removed: an international number ("+44 121 496 0000",
 * "(+44)121.496.5251") and a national one with no national or international prefix
 * ("(415) 555-2671" in US). Same answer as the full parse (tested) for a fraction of the cost
 * (bench/phone.bench.ts). `country` is the row's Country Code (any case), `defaultCountry` the
 * profile's.
 */
export function normalizePhone(value: string, country: string | null | undefined, defaultCountry = 'US'): PhoneResult {
  const display = value.trim();
  if (STRICT_E164.test(display) && isValidE164(display)) return { e164: display, display };
  if (display.length === 0 || display.length > 100) return INVALID;
  const text = numberText(display);
  if (text === null) return INVALID;
  const compact = text.replace(PUNCTUATION, '');
  if (STRICT_E164.test(compact) && isValidE164(compact)) return { e164: compact, display };
  const national = phoneCountry(country, defaultCountry);
  if (national && NATIONAL_DIGITS.test(compact)) {
    const e164 = validNationalToE164(compact, national);
    if (e164) return { e164, display };
  }
  return parsePhoneFully(display, national);
}
