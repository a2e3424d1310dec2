import { DEFAULT_LOCALE, isLocale, type Locale } from '../../i18n/config';
import { getTranslator } from '../../i18n/translator';
import type { RunnableStep } from './queue/queues';

// Why a job failed, as people see it: a stable code and its message `jobs.errors.<code>`. The
// text of the error itself (PostgreSQL's own words, a stack) goes to the server log only: it may
// name tables, constraints or values, and no one can translate it.

export const JOB_ERROR_CODES = [
  'validationFailed', 'importFailed', 'fixFailed', 'projectionFailed', 'countersInvariant', 'databaseUnavailable', 'databaseBusy', 'databaseError',
] as const;
export type JobErrorCode = (typeof JOB_ERROR_CODES)[number];

/** The message keys, spelt out so the translation test finds each one. */
const JOB_ERROR_KEYS: Record<JobErrorCode, string> = {
  validationFailed: 'jobs.errors.validationFailed',
  importFailed: 'jobs.errors.importFailed',
  fixFailed: 'jobs.errors.fixFailed',
  projectionFailed: 'jobs.errors.projectionFailed',
  countersInvariant: 'jobs.errors.countersInvariant',
  databaseUnavailable: 'jobs.errors.databaseUnavailable',
  databaseBusy: 'jobs.errors.databaseBusy',
  databaseError: 'jobs.errors.databaseError',
};
/** For a code this version does not know (a newer worker's): the generic message. */
export const UNKNOWN_JOB_ERROR_KEY = 'wizardRun.state.failedUnknown';

export function isJobErrorCode(code: string | null | undefined): code is JobErrorCode {
  return Boolean(code) && Object.hasOwn(JOB_ERROR_KEYS, code!);
}

export function jobErrorKey(code: string | null | undefined): string {
  return isJobErrorCode(code) ? JOB_ERROR_KEYS[code] : UNKNOWN_JOB_ERROR_KEY;
}

/** The message of a job's error code in a language (English for files and logs). */
export function jobErrorMessage(code: string | null | undefined, locale: string | null = DEFAULT_LOCALE): string {
  const language: Locale = isLocale(locale) ? locale : DEFAULT_LOCALE;
  return getTranslator(language)(jobErrorKey(code));
}

const STEP_CODES: Record<RunnableStep, JobErrorCode> = {
  validating: 'validationFailed', fixing: 'fixFailed', projecting: 'projectionFailed', importing: 'importFailed',
};

// postgres.js codes for a connection that went away; SQLSTATE class 08 (connection exception)
// and 57P01-57P03 (terminated by an administrator, crash, server starting or stopping).
const CONNECTION_CODES = new Set(['CONNECTION_ENDED', 'CONNECTION_CLOSED', 'CONNECTION_DESTROYED', 'ECONNRESET',
  'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', '57P01', '57P02', '57P03']);
// Five characters with a digit: 'EPERM' is a system error, not a SQLSTATE.
// Waited too long for a lock, deadlock, serialization failure, statement timeout: other work was
// in the way, a retry later usually goes through.
const BUSY_CODES = new Set(['55P03', '40P01', '40001', '57014']);
const SQLSTATE = /^(?=.*\d)[0-9A-Z]{5}$/;

/** The driver's code of an error or of one it wraps (drizzle puts the driver's on `cause`). */
function driverCodes(error: unknown): string[] {
  const codes: string[] = [];
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
  }
  return codes;
}

/**
 * The code a step's failure is stored with: the database went away, other work held what the
 * step needed, the database refused a statement (any other SQLSTATE), else the step's own code.
 */
export function classifyStepError(error: unknown, step: RunnableStep): JobErrorCode {
  const codes = driverCodes(error);
  if (codes.some((code) => CONNECTION_CODES.has(code) || code.startsWith('08'))) return 'databaseUnavailable';
  if (codes.some((code) => BUSY_CODES.has(code))) return 'databaseBusy';
  if (codes.some((code) => SQLSTATE.test(code))) return 'databaseError';
  return STEP_CODES[step];
}
