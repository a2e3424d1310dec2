import type { TFunction } from 'i18next';
import { formatRowError, isKnownRowErrorCode } from '@/lib/import/rows/error-messages';
import type { RowFixError } from './types';

/** A row error in the reader's language: the same sentence as the validation log and the report. */
export function rowErrorText(error: RowFixError, t: TFunction): string {
  return formatRowError({ code: error.code, column: error.column, params: error.params ?? undefined },
    (key, params) => String(t(key, params as Record<string, unknown>)));
}

/** The short name of an error type, for the filters: the validation log's. */
export function errorCodeName(code: string, t: TFunction): string {
  return t(`reports.errors.codes.${isKnownRowErrorCode(code) ? code : 'unknown'}`);
}
