import { ALL_FIELDS, CUSTOM_FIELD_PREFIX } from './fields';

/**
 * Header comparison shared by the automatic mapping and the compiled plan: case, accents,
 * spacing and punctuation are ignored, so "work_email", "Work-Email" and "WORK EMAIL" are the
 * same header, and so are "Prénom" and "prenom".
 */
export function normaliseHeader(header: string): string {
  return header.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, '');
}

/** `Custom: Loyalty tier` -> `custom:Loyalty tier`; null for any other header. */
export function customTarget(header: string): string | null {
  const match = CUSTOM_FIELD_PREFIX.exec(header);
  if (!match) return null;
  const name = header.slice(match[0].length).trim();
  return name ? `custom:${name}` : null;
}

function indexBy(names: (field: (typeof ALL_FIELDS)[number]) => readonly string[]): Map<string, string> {
  const index = new Map<string, string>();
  for (const field of ALL_FIELDS) {
    for (const name of names(field)) {
      const key = normaliseHeader(name);
      if (key && !index.has(key)) index.set(key, field.key);
    }
  }
  return index;
}

/** Normalised default header -> field key. */
export const DEFAULT_HEADER_INDEX = indexBy((f) => [f.header]);
/** Normalised alias (English or French) -> field key; default headers take precedence. */
export const ALIAS_INDEX = indexBy((f) => f.aliases.filter((a) => !DEFAULT_HEADER_INDEX.has(normaliseHeader(a))));

/** The field a header names exactly (default header or alias), ignoring case, accents and punctuation. */
export function exactFieldFor(header: string): string | null {
  const key = normaliseHeader(header);
  return DEFAULT_HEADER_INDEX.get(key) ?? ALIAS_INDEX.get(key) ?? null;
}

const FIELD_NAMES: readonly { key: string; names: string[] }[] = ALL_FIELDS.map((f) => ({
  key: f.key,
  names: [f.header, ...f.aliases].map(normaliseHeader).filter((n) => n.length > 0),
}));

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions: "Frist" ~ "First"). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d = new Array<number>(rows * cols);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let best = Math.min(d[(i - 1) * cols + j] + 1, d[i * cols + j - 1] + 1, d[(i - 1) * cols + j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, d[(i - 2) * cols + j - 2] + 1);
      }
      d[i * cols + j] = best;
    }
  }
  return d[rows * cols - 1];
}

/** 1 for equal strings, 0 for nothing in common: 1 - distance / longer length. */
export function similarity(a: string, b: string): number {
  const longest = Math.max(a.length, b.length);
  return longest === 0 ? 0 : 1 - editDistance(a, b) / longest;
}

/**
 * The fuzzy threshold: one typo in a 5+ letter name ("Frist Name", "Emial") passes, two in a
 * short one do not. Names under 4 letters never match fuzzily ("Nom" is not "Non").
 */
export const FUZZY_THRESHOLD = 0.8;
const MIN_FUZZY_LENGTH = 4;

const LONGEST_FIELD_NAME = Math.max(...FIELD_NAMES.flatMap((f) => f.names.map((n) => n.length)));

/**
 * The longest (normalised) header that can still reach the threshold against some field name:
 * past it, the difference in length alone costs more than 1 - FUZZY_THRESHOLD. A longer header
 * is never compared, so a 900 KB header name costs no more than a 30-letter one (the distance
 * is quadratic: such a name took 18 s to map).
 */
export const FUZZY_MAX_LENGTH = Math.floor(LONGEST_FIELD_NAME / FUZZY_THRESHOLD);

/** Compares a normalised header with a normalised field name (injectable for tests). */
export type HeaderComparator = (header: string, fieldName: string) => number;

/** Every (field, score) above the threshold for a header, best name of each field. */
export function fuzzyCandidates(header: string, compare: HeaderComparator = similarity): { key: string; score: number }[] {
  const name = normaliseHeader(header);
  if (name.length < MIN_FUZZY_LENGTH || name.length > FUZZY_MAX_LENGTH) return [];
  const out: { key: string; score: number }[] = [];
  for (const field of FIELD_NAMES) {
    let best = 0;
    for (const candidate of field.names) {
      if (candidate.length < MIN_FUZZY_LENGTH) continue;
      // The length difference alone puts it under the threshold: no need to align them.
      if (Math.abs(candidate.length - name.length) > (1 - FUZZY_THRESHOLD) * Math.max(candidate.length, name.length)) continue;
      best = Math.max(best, compare(name, candidate));
    }
    if (best >= FUZZY_THRESHOLD) out.push({ key: field.key, score: best });
  }
  return out;
}
