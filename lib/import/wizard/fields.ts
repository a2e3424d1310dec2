import { ALL_FIELDS, SELECTABLE_FIELD_KEYS, fieldDefinition } from '../rows/fields';
import { customTarget } from '../rows/header-match';
import { normaliseHeader, suggestMapping } from '../rows/mapping';
import type { ImportSettings } from '../rows/types';
import type { FieldRow } from './schemas';

// The "Import fields" table of the wizard, both ways: from a file's headers and a profile's saved
// mapping to one row per target field, and from those rows to the settings a job runs with.
// Pure, so the browser (choosing a profile) and the server (checking Next) share it.

const selectableKeys = new Set<string>(SELECTABLE_FIELD_KEYS);

/** A contact or organization detail: included or left out by the profile's import fields. */
export const isSelectableField = (target: string) => selectableKeys.has(target);

export function isKnownTarget(target: string): boolean {
  return target.startsWith('custom:') ? target.length > 'custom:'.length : fieldDefinition(target) !== undefined;
}

/**
 * Header -> target for a file: what the profile saved for a header comes first, exactly as saved
 * (an empty target is a column the user chose to leave out); the other headers get the automatic
 * suggestion (default headers, then remembered mappings, then English and French aliases, then a
 * fuzzy match). A target goes to one header at most.
 */
export function mappingForFile(headers: readonly string[], saved: Record<string, string> = {}): Record<string, string | null> {
  const suggested = suggestMapping(headers, saved);
  const normalised = new Map(Object.entries(saved).map(([header, target]) => [normaliseHeader(header), target]));
  const savedFor = (header: string) => (Object.hasOwn(saved, header) ? saved[header] : normalised.get(normaliseHeader(header)));
  const result: Record<string, string | null> = {};
  const used = new Set<string>();
  const take = (header: string, target: string | null | undefined) => {
    const usable = target && isKnownTarget(target) && !used.has(target) ? target : null;
    if (usable) used.add(usable);
    result[header] = usable;
  };
  for (const header of headers) {
    const target = savedFor(header);
    if (target !== undefined && !Object.hasOwn(result, header)) take(header, target);
  }
  for (const header of headers) if (!Object.hasOwn(result, header)) take(header, suggested[header]);
  return result;
}

/**
 * One row per target field: every field of the catalogue, then the custom fields of the file.
 * A contact or organization detail is included when the profile imports it (an empty list imports
 * every one); control and custom fields are read whenever they have a column, so they start included.
 */
export function fieldRowsFor(
  headers: readonly string[], mapping: Record<string, string | null>, importFields: readonly string[] = [],
): FieldRow[] {
  // A Set: a hostile header row can hold tens of thousands of `Custom:` columns.
  const targets = new Set<string>(ALL_FIELDS.map((f) => f.key));
  for (const header of headers) {
    for (const target of [mapping[header], customTarget(header)]) {
      if (target?.startsWith('custom:')) targets.add(target);
    }
  }
  const columnOf = new Map<string, string>();
  for (const header of headers) {
    const target = mapping[header];
    if (target && !columnOf.has(target)) columnOf.set(target, header);
  }
  return [...targets].map((field) => ({
    field,
    column: columnOf.get(field) ?? '',
    include: isSelectableField(field) ? importFields.length === 0 || importFields.includes(field) : true,
  }));
}

/** The rows of a file under a profile's saved mapping (or none): the table's starting point. */
export function fieldRowsForProfile(
  headers: readonly string[], profile?: { columnMapping: Record<string, string>; importFields: readonly string[] },
): FieldRow[] {
  return fieldRowsFor(headers, mappingForFile(headers, profile?.columnMapping), profile?.importFields);
}

/**
 * Keeps a draft's rows that still make sense for the file (a known field, a column of the file),
 * and adds rows for fields the draft lacks: a stale or forged draft cannot break the form.
 */
export function reconcileFieldRows(headers: readonly string[], rows: readonly FieldRow[], fallback: readonly FieldRow[]): FieldRow[] {
  const headerSet = new Set(headers);
  const byField = new Map(rows.filter((row) => isKnownTarget(row.field)).map((row) => [row.field, row]));
  const used = new Set<string>();
  const result = fallback.map((base) => {
    const row = byField.get(base.field) ?? base;
    const column = headerSet.has(row.column) && !used.has(row.column) ? row.column : '';
    if (column) used.add(column);
    return { field: base.field, column, include: row.include };
  });
  const present = new Set(result.map((r) => r.field));
  for (const row of byField.values()) {
    if (row.field.startsWith('custom:') && !present.has(row.field)) {
      present.add(row.field);
      const column = headerSet.has(row.column) && !used.has(row.column) ? row.column : '';
      if (column) used.add(column);
      result.push({ field: row.field, column, include: row.include });
    }
  }
  return result;
}

export interface FileMapping {
  /** Header -> target for every header of the file; '' for a column that is not read. */
  columnMapping: Record<string, string>;
  /** The contact and organization details that are imported. */
  importFields: string[];
}

/**
 * From the rows to what a profile saves and a job runs with. A contact or organization detail
 * left out keeps its column (Country Code still steers phone numbers); a control or custom field left out loses it,
 * as the engine reads those whenever they are mapped.
 */
export function toFileMapping(headers: readonly string[], rows: readonly FieldRow[]): FileMapping {
  const headerSet = new Set(headers);
  const columnMapping: Record<string, string> = Object.fromEntries(headers.map((header) => [header, '']));
  for (const row of rows) {
    if (!row.column || !headerSet.has(row.column) || !isKnownTarget(row.field)) continue;
    if (!row.include && !isSelectableField(row.field)) continue;
    if (columnMapping[row.column] === '') columnMapping[row.column] = row.field;
  }
  const importFields = rows.filter((row) => row.include && isSelectableField(row.field)).map((row) => row.field);
  return { columnMapping, importFields: [...new Set(importFields)] };
}

export type SettingsFields = Omit<ImportSettings, 'columnMapping' | 'importFields'>;

export function toImportSettings(headers: readonly string[], rows: readonly FieldRow[], settings: SettingsFields): ImportSettings {
  return { ...settings, ...toFileMapping(headers, rows) };
}
