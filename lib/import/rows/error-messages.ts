import type { RowError } from './types';
import { ROW_ERROR_CODES, type RowErrorCode } from './validate-row';
import { APPLY_ROW_ERROR_CODES, type ApplyRowErrorCode } from '../engine/apply-rows';
import { ROW_WARNING_CODES, type RowWarningCode } from './repeated-rows';

/**
 * Row error code -> i18n key. The keys are spelt out (not built from the code) so the
 * translation test finds each of them in the code; messages are in messages/*.json under
 * `importErrors`, in words a person fixing the file understands.
 */
export const ROW_ERROR_MESSAGE_KEYS = {
  wrongColumnCount: 'importErrors.wrongColumnCount',
  externalIdMissing: 'importErrors.externalIdMissing',
  externalIdTooLong: 'importErrors.externalIdTooLong',
  invalidEmail: 'importErrors.invalidEmail',
  emailTooLong: 'importErrors.emailTooLong',
  invalidPhone: 'importErrors.invalidPhone',
  organizationExternalIdMissing: 'importErrors.organizationExternalIdMissing',
  invalidDeleted: 'importErrors.invalidDeleted',
  invalidCallable: 'importErrors.invalidCallable',
  invalidBoolean: 'importErrors.invalidBoolean',
  tooLong: 'importErrors.tooLong',
  invalidCountryCode: 'importErrors.invalidCountryCode',
  invalidUrl: 'importErrors.invalidUrl',
  invalidCharacter: 'importErrors.invalidCharacter',
  tooManyExternalIds: 'importErrors.tooManyExternalIds',
  repeatedIdentifier: 'importErrors.repeatedIdentifier',
} as const satisfies Record<KnownRowCode, string>;

type KnownRowCode = RowErrorCode | ApplyRowErrorCode | RowWarningCode;

/** Every code a row error can have: the dry run's, those of applying a valid row, then the warnings'. */
export const KNOWN_ROW_ERROR_CODES: readonly KnownRowCode[] = [...ROW_ERROR_CODES, ...APPLY_ROW_ERROR_CODES, ...ROW_WARNING_CODES];

/** For an unknown code (a newer worker's, say): the generic message. */
export const UNKNOWN_ROW_ERROR_KEY = 'importErrors.unknown';

const known = new Set<string>(KNOWN_ROW_ERROR_CODES);

/** False for a code this version does not know (a newer worker's, say): show the generic text. */
export function isKnownRowErrorCode(code: string): code is KnownRowCode {
  return known.has(code);
}

export function rowErrorMessageKey(code: string): string {
  return isKnownRowErrorCode(code) ? ROW_ERROR_MESSAGE_KEYS[code] : UNKNOWN_ROW_ERROR_KEY;
}

type Translate = (key: string, params?: Record<string, unknown>) => string;

/**
 * The message of a row error in the translator's language, its column, code and line (when
 * given) included in the params (`{{column}}`, `{{line}}`); works with i18next's `t` on the
 * server and in the browser.
 */
export function formatRowError(error: Pick<RowError, 'code' | 'column' | 'params'> & { line?: number }, t: Translate): string {
  return t(rowErrorMessageKey(error.code), { column: error.column ?? '', code: error.code, line: error.line, ...error.params });
}
