import { Metadata } from 'libphonenumber-js/core';
import metadata from 'libphonenumber-js/max/metadata';

/**
 * The cheap validity check of the phone fast path: libphonenumber's own `isValid()` rules,
 * replayed with regular expressions compiled once per calling code instead of once per call
 * (a full parse costs 12 µs or more; this about 0.25 µs).
 *
 * It may say "no" to a valid number (the caller then does the full parse) but must never say
 * "yes" to a number the full parse rejects or writes differently: numbers that start with the
 * country's national prefix or international prefix (the full parse would strip them) and
 * non-geographic calling codes (+800, +882...) always take the full parse.
 * tests/unit/phone.test.ts checks the equivalence on every country's example numbers, written
 * in several ways, and on random digits.
 */

// The accessors libphonenumber-js has at run time but does not declare.
interface PlanType { pattern(): string; possibleLengths(): number[] | undefined }
interface NumberingPlan {
  callingCode(): string;
  IDDPrefix(): string | undefined;
  nationalNumberPattern(): string;
  leadingDigits(): string | undefined;
  hasTypes(): boolean;
  type(name: string): PlanType | undefined;
  nationalPrefixForParsing(): string | undefined;
}
interface MetadataRuntime {
  numberingPlan: NumberingPlan;
  selectNumberingPlan(country: string): void;
  getCountryCodesForCallingCode(callingCode: string): string[] | undefined;
  isNonGeographicCallingCode(callingCode: string): boolean;
}

interface TypeCheck { pattern: RegExp; lengths: readonly number[] | null }
interface CountryCheck {
  country: string;
  leadingDigits: RegExp | null;
  national: RegExp;
  types: readonly TypeCheck[] | null;
  /** The national prefix (and carrier codes) the full parse strips: such numbers take the full parse. */
  nationalPrefix: RegExp | null;
}
interface CallingCodeCheck { callingCode: string; countries: readonly CountryCheck[] }

// Number types in the order libphonenumber's getNumberType tries them; any match means valid.
const TYPES = ['FIXED_LINE', 'MOBILE', 'PREMIUM_RATE', 'TOLL_FREE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL'];
const runtime = new Metadata(metadata) as unknown as MetadataRuntime;
// Calling code -> its compiled check; 'parse' for codes that always take the full parse.
const checks = new Map<string, CallingCodeCheck | 'parse' | null>();
const entirely = (pattern: string) => new RegExp(`^(?:${pattern})$`);

function compileCountry(country: string): CountryCheck {
  runtime.selectNumberingPlan(country);
  const plan = runtime.numberingPlan;
  const leading = plan.leadingDigits();
  const prefix = plan.nationalPrefixForParsing();
  const types = plan.hasTypes()
    ? TYPES.flatMap((name) => {
      const type = plan.type(name);
      const pattern = type?.pattern();
      return type && pattern ? [{ pattern: entirely(pattern), lengths: type.possibleLengths() ?? null }] : [];
    })
    : null;
  return {
    country, leadingDigits: leading ? new RegExp(`^(?:${leading})`) : null, national: entirely(plan.nationalNumberPattern()), types,
    nationalPrefix: prefix ? new RegExp(`^(?:${prefix})`) : null,
  };
}

function compileCallingCode(callingCode: string): CallingCodeCheck | 'parse' | null {
  if (runtime.isNonGeographicCallingCode(callingCode)) return 'parse';
  const countries = runtime.getCountryCodesForCallingCode(callingCode);
  if (!countries) return null;
  return { callingCode, countries: countries.map(compileCountry) };
}

function isValidFor(check: CountryCheck, national: string): boolean {
  if (!check.national.test(national)) return false;
  if (!check.types) return true;
  for (const type of check.types) {
    if (type.lengths && !type.lengths.includes(national.length)) continue;
    if (type.pattern.test(national)) return true;
  }
  return false;
}

function checkFor(callingCode: string): CallingCodeCheck | 'parse' | null {
  let check = checks.get(callingCode);
  if (check === undefined) {
    check = compileCallingCode(callingCode);
    checks.set(callingCode, check);
  }
  return check;
}

/**
 * libphonenumber's country choice then validity. Shared calling codes (+1, +44, +7...): the
 * country is the first whose leading digits match or whose rules accept the number; when none
 * does, the fallback's rules apply (the main country for an international number, the default
 * country for a national one). The fallback's national prefix is the one the full parse strips.
 */
function isValidIn(check: CallingCodeCheck, national: string, fallback: CountryCheck): boolean {
  if (fallback.nationalPrefix?.test(national)) return false;
  const { countries } = check;
  if (countries.length === 1) return isValidFor(countries[0], national);
  for (const country of countries) {
    if (country.leadingDigits) {
      if (country.leadingDigits.test(national)) return isValidFor(country, national);
    } else if (isValidFor(country, national)) return true;
  }
  return isValidFor(fallback, national);
}

/** Whether a strict E.164 string (`+` and 8 to 15 digits) is a valid number, without a full parse. */
export function isValidE164(value: string): boolean {
  for (let length = 1; length <= 3; length++) {
    const check = checkFor(value.slice(1, 1 + length));
    if (check === null) continue;
    if (check === 'parse') return false;
    return isValidIn(check, value.slice(1 + length), check.countries[0]);
  }
  return false;
}

const nationalChecks = new Map<string, { check: CallingCodeCheck; country: CountryCheck; idd: RegExp | null } | null>();

function nationalCheckFor(country: string) {
  let entry = nationalChecks.get(country);
  if (entry === undefined) {
    entry = null;
    try {
      runtime.selectNumberingPlan(country);
      const { numberingPlan } = runtime;
      const idd = numberingPlan.IDDPrefix();
      const check = checkFor(numberingPlan.callingCode());
      const own = check && check !== 'parse' ? check.countries.find((c) => c.country === country) : undefined;
      if (check && check !== 'parse' && own) entry = { check, country: own, idd: idd ? new RegExp(`^(?:${idd})`) : null };
    } catch {
      entry = null; // not a country libphonenumber knows: the full parse decides
    }
    nationalChecks.set(country, entry);
  }
  return entry;
}

/**
 * The E.164 form of a national number written as digits only ("4155552671" in US), when it is
 * valid; null when the full parse must decide (a national or international prefix, an unknown
 * country, an invalid number).
 */
export function validNationalToE164(digits: string, country: string): string | null {
  const entry = nationalCheckFor(country);
  if (!entry || entry.idd?.test(digits)) return null;
  return isValidIn(entry.check, digits, entry.country) ? `+${entry.check.callingCode}${digits}` : null;
}
