import { compileMapping, type CompiledMapping } from '../rows/mapping';
import { createRowValidator, type RowValidator } from '../rows/validate-row';
import { normaliseCountryCode, readCell } from '../rows/cell-rules';
import { normalizePhone } from '../rows/phone';
import type { ImportSettings } from '../rows/types';
import type { WorkbenchRowError } from './schemas';

// Browser-safe (no node-only module, no lib/config): the workbench checks a row as the person
// types, with the very rules the server applies when the fix is saved (createRowValidator).

export interface RowCellsCheck {
  errors: WorkbenchRowError[];
  /** Column header -> the value as it will be stored where it differs from the text (a phone's E.164). */
  stored: Record<string, string>;
}

interface Compiled { settings: ImportSettings; headers: readonly string[]; validate: RowValidator; mapping: CompiledMapping }
let last: Compiled | null = null;

/** The validator of these settings and headers, compiled once while they stay the same objects. */
function compiled(settings: ImportSettings, headers: readonly string[]): Compiled {
  if (last && last.settings === settings && last.headers === headers) return last;
  last = {
    settings, headers, validate: createRowValidator(settings, headers),
    mapping: compileMapping(headers, settings.columnMapping, settings.importFields),
  };
  return last;
}

/** A row's errors by the import's rules, and how its phones will be stored. */
export function checkRowCells(settings: ImportSettings, headers: string[], cells: string[], line: number): RowCellsCheck {
  const { validate, mapping } = compiled(settings, headers);
  const result = validate(cells, line);
  const errors = result.ok ? [] : result.errors.map((e) => ({ column: e.column, code: e.code, params: e.params ?? null }));
  return { errors, stored: storedPhones(settings, mapping, cells) };
}

/** The E.164 form of each readable phone cell, read in the row's country as the import does. */
function storedPhones(settings: ImportSettings, mapping: CompiledMapping, cells: readonly string[]): Record<string, string> {
  const stored: Record<string, string> = {};
  const countryOf = (field: string) => {
    const plan = mapping.mappedByField.get(field) ?? mapping.byField.get(field);
    const value = plan ? readCell(cells[plan.index]) : null;
    return value === null ? null : normaliseCountryCode(value);
  };
  const rowCountry = countryOf('countryCode');
  const orgCountry = countryOf('organizationCountryCode');
  const defaultCountry = settings.defaultCountry || 'US';
  for (const column of mapping.columns) {
    if (column.field?.kind !== 'phone') continue;
    const value = readCell(cells[column.index]);
    if (value === null) continue;
    const country = column.field.key.startsWith('organization') ? orgCountry ?? rowCountry : rowCountry;
    const phone = normalizePhone(value, country, defaultCountry);
    if (!('error' in phone)) stored[column.header] = phone.e164;
  }
  return stored;
}
