import { CONTROL_FIELDS, SELECTABLE_FIELD_KEYS, fieldDefinition, type FieldDefinition } from './fields';
import {
  ALIAS_INDEX, DEFAULT_HEADER_INDEX, customTarget, exactFieldFor, fuzzyCandidates, normaliseHeader,
} from './header-match';

export { normaliseHeader } from './header-match';

/** A field key, `custom:<name>`, or null for a column that is not imported. */
export type MappingTarget = string | null;

function isKnownTarget(target: string): boolean {
  return target.startsWith('custom:') ? target.length > 'custom:'.length : fieldDefinition(target) !== undefined;
}

/** The remembered target of a header: exact header first, then the same header spelt differently. */
function rememberedTarget(header: string, remembered: Record<string, string | null>, normalised: Map<string, string | null>) {
  if (Object.hasOwn(remembered, header)) return remembered[header];
  return normalised.get(normaliseHeader(header));
}

/**
 * Suggests a target for each header, in this order of confidence:
 * 1. `Custom: <name>` headers and exact default headers ("Work Email", "work_email", "WORK-EMAIL").
 * 2. The profile's remembered mapping for that header: the user's own earlier choice, so it beats
 *    an alias ("Email" is a guess at work e-mail; a user who mapped it to personal e-mail meant it).
 *    An empty (or null) remembered target means "the user chose to ignore this column".
 * 3. English and French aliases ("Prénom", "Courriel professionnel").
 * 4. A fuzzy match ("Frist Name"), best scores first.
 * A field is used by one header at most: the first claim (by the order above, then file order) wins.
 */
export function suggestMapping(headers: readonly string[], remembered: Record<string, string | null> = {}): Record<string, MappingTarget> {
  const result: Record<string, MappingTarget> = {};
  const used = new Set<string>();
  const pending = new Set<number>();
  const claim = (index: number, target: string | undefined | null): boolean => {
    if (!target || !isKnownTarget(target) || used.has(target)) return false;
    used.add(target);
    result[headers[index]] = target;
    pending.delete(index);
    return true;
  };
  headers.forEach((header, index) => {
    if (Object.hasOwn(result, header)) return; // a repeated header is a file error; keep the first
    result[header] = null;
    pending.add(index);
  });

  for (const index of [...pending]) {
    const header = headers[index];
    claim(index, customTarget(header) ?? DEFAULT_HEADER_INDEX.get(normaliseHeader(header)));
  }
  const normalisedRemembered = new Map(Object.entries(remembered).map(([h, t]) => [normaliseHeader(h), t]));
  for (const index of [...pending]) {
    const target = rememberedTarget(headers[index], remembered, normalisedRemembered);
    if (target === '' || target === null) pending.delete(index);
    else claim(index, target);
  }
  for (const index of [...pending]) claim(index, ALIAS_INDEX.get(normaliseHeader(headers[index])));

  const guesses = [...pending].flatMap((index) =>
    fuzzyCandidates(headers[index]).map((candidate) => ({ index, ...candidate })));
  guesses.sort((a, b) => b.score - a.score || a.index - b.index);
  for (const guess of guesses) if (pending.has(guess.index)) claim(guess.index, guess.key);
  return result;
}

export interface ColumnPlan {
  index: number;
  header: string;
  /** Field key or `custom:<name>`. */
  target: string;
  field: FieldDefinition | null;
  customName: string | null;
}

export interface CompiledMapping {
  headers: readonly string[];
  /** Columns that are read, in file order. */
  columns: readonly ColumnPlan[];
  /** Read column by field key (custom fields excluded). */
  byField: ReadonlyMap<string, ColumnPlan>;
  /** Mapped column by field key, read or not (Country Code steers phone parsing even when not imported). */
  mappedByField: ReadonlyMap<string, ColumnPlan>;
  /** Headers with no target. */
  unmapped: readonly string[];
  /** Headers mapped to a field the profile does not import. */
  notImported: readonly string[];
}

const CONTROL_KEYS = new Set<string>(CONTROL_FIELDS.map((f) => f.key));

/**
 * Whether a target is read. Control fields (External ID, the organization's ID and name, Deleted)
 * and `Custom:` columns are read whenever mapped: the mapping itself is the opt-in. Contact and
 * organization details are read when listed in `importFields`; an empty list means every one of
 * them (the profile default).
 */
export function isImported(target: string, importFields: readonly string[]): boolean {
  if (CONTROL_KEYS.has(target) || target.startsWith('custom:')) return true;
  return importFields.length === 0 ? (SELECTABLE_FIELD_KEYS as readonly string[]).includes(target) : importFields.includes(target);
}

/** The target of a header under a saved mapping; headers it omits fall back to default headers and aliases. */
function resolveTarget(header: string, columnMapping: Record<string, string>, normalised: Map<string, string>) {
  const saved = rememberedTarget(header, columnMapping, normalised);
  if (saved !== undefined) return saved && isKnownTarget(saved) ? saved : null;
  return customTarget(header) ?? exactFieldFor(header);
}

/**
 * Resolves a file's headers once into the per-column plan every row uses. A field mapped from two
 * columns is read from the first; later ones are reported as unmapped.
 */
export function compileMapping(
  headers: readonly string[], columnMapping: Record<string, string>, importFields: readonly string[],
): CompiledMapping {
  const normalised = new Map(Object.entries(columnMapping).map(([h, t]) => [normaliseHeader(h), t]));
  const columns: ColumnPlan[] = [];
  const byField = new Map<string, ColumnPlan>();
  const mappedByField = new Map<string, ColumnPlan>();
  const used = new Set<string>();
  const unmapped: string[] = [];
  const notImported: string[] = [];
  headers.forEach((header, index) => {
    const target = resolveTarget(header, columnMapping, normalised);
    if (!target || used.has(target)) return void unmapped.push(header);
    used.add(target);
    const field = fieldDefinition(target) ?? null;
    const plan: ColumnPlan = { index, header, target, field, customName: field ? null : target.slice('custom:'.length) };
    if (field) mappedByField.set(field.key, plan);
    if (!isImported(target, importFields)) return void notImported.push(header);
    columns.push(plan);
    if (field) byField.set(field.key, plan);
  });
  return { headers, columns, byField, mappedByField, unmapped, notImported };
}

/** Headers of a file that no field or custom field is mapped to (listed as ignored in the wizard). */
export function unmappedHeaders(headers: readonly string[], columnMapping: Record<string, string>): string[] {
  return [...compileMapping(headers, columnMapping, []).unmapped];
}
