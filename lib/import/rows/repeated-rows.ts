import { EMAIL_FIELDS, type MatchIdentifier } from './fields';
import { compileMapping } from './mapping';
import { FirstLineTable } from './first-line-table';
import type { ImportSettings, NormalizedRow, RowError } from './types';

/** The warning of a valid row whose identifier an earlier row of the same file has already. */
export const REPEATED_IDENTIFIER = 'repeatedIdentifier';
/** Codes stored with severity 'warning': the row is reported and still applied. */
export const ROW_WARNING_CODES = [REPEATED_IDENTIFIER] as const;
export type RowWarningCode = (typeof ROW_WARNING_CODES)[number];

const EMAILS: ReadonlySet<string> = new Set(EMAIL_FIELDS);

/**
 * The identifiers a row is matched by, in order, as the engine reads them (apply-batch.ts):
 * External ID only for a delete of listed contacts, else the profile's match-by order.
 */
function identifiersOf(settings: Pick<ImportSettings, 'matchBy' | 'loadType'>): readonly MatchIdentifier[] {
  return settings.loadType === 'deleteListed' ? ['externalId'] : settings.matchBy;
}

/**
 * The row's key: the first identifier of the match-by order that has a value, normalised as the
 * engine compares it (an External ID as written; an e-mail in lower case, whichever e-mail field
 * holds it, since the engine looks e-mails up across the three; a phone in E.164 as validated,
 * across the four phone fields). A letter before the value keeps the three kinds apart.
 */
export function rowKey(row: NormalizedRow, identifiers: readonly MatchIdentifier[]): { key: string; identifier: MatchIdentifier } | null {
  for (const identifier of identifiers) {
    if (identifier === 'externalId') {
      if (row.externalId !== null) return { key: `x${row.externalId}`, identifier };
      continue;
    }
    const value = row.values[identifier];
    if (typeof value !== 'string') continue;
    return EMAILS.has(identifier) ? { key: `e${value.toLowerCase()}`, identifier } : { key: `p${value}`, identifier };
  }
  return null;
}

export type RepeatedRowCheck = (row: NormalizedRow) => RowError | null;

/**
 * A check over the valid rows of one file, in file order: a row whose key an earlier valid row
 * had gets a `repeatedIdentifier` warning naming the first line and the identifier's column. The
 * row stays valid (the engine applies both, in order). State: one FirstLineTable (bounded).
 * A validation run starts from its first line, so a new check per run is all a restart needs.
 * `expectedRows` (the file's row count, when known) sizes the table once: growing it by doubling
 * would hold the old and the new table together for a moment, half as much memory again.
 */
export function createRepeatedRowCheck(
  settings: Pick<ImportSettings, 'matchBy' | 'loadType' | 'columnMapping' | 'importFields'>, headers: readonly string[],
  expectedRows = 0,
): RepeatedRowCheck {
  const identifiers = identifiersOf(settings);
  const mapping = compileMapping(headers, settings.columnMapping, settings.importFields);
  const columnOf = (identifier: MatchIdentifier) =>
    (mapping.byField.get(identifier) ?? mapping.mappedByField.get(identifier))?.header ?? null;
  const table = new FirstLineTable(FirstLineTable.slotsFor(expectedRows));
  return (row) => {
    const found = rowKey(row, identifiers);
    if (!found) return null;
    const firstLine = table.firstLine(found.key, row.line);
    if (firstLine === 0) return null;
    const column = columnOf(found.identifier);
    return { line: row.line, column, code: REPEATED_IDENTIFIER, params: { firstLine, column: column ?? found.identifier } };
  };
}
