import type { Locale } from '../../i18n/config';
import { mappingForFile } from '../wizard/fields';
import { normaliseHeader } from '../rows/header-match';
import { samplePeople, sampleCustomValue, type SamplePerson } from './sample-people';
import { templateHeader } from './template-headers';
import { templateTargets, type TemplateProfile } from './template-targets';
import { toCsvText } from './csv-text';
import type { FieldKey } from '../rows/fields';

export type TemplateKind = 'template' | 'sample';

export interface TemplateRequest {
  kind: TemplateKind;
  locale: Locale;
  /** The profile the file is for, with its name (for the file name); none: every field. */
  profile?: TemplateProfile & { name: string };
}

export interface TemplateFile {
  fileName: string;
  headers: string[];
  /** Target of each header, in the same order. */
  targets: string[];
  content: string;
}

/**
 * The headers of a template: each target's name in the reader's language, unless the profile's
 * saved mapping reads that name as something else (a profile may have mapped "Nom" to First Name):
 * then its English default header, then the header the profile itself saved for that target.
 * Every header is checked against the mapping the wizard would make, so the template, filled in
 * and uploaded with the profile, maps each column to its field with no one touching the mapping.
 */
function headersFor(targets: readonly string[], locale: Locale, profile?: TemplateProfile): string[] {
  const saved = profile?.columnMapping ?? {};
  const savedHeaders = (target: string) => Object.keys(saved).filter((header) => saved[header] === target);
  // A name the profile saved for another target (or to leave out) is never a candidate.
  const savedTarget = new Map(Object.entries(saved).map(([header, target]) => [normaliseHeader(header), target]));
  const usable = (name: string, target: string) => (savedTarget.get(normaliseHeader(name)) ?? target) === target;
  const candidates = targets.map((target) => {
    const names = [...new Set([templateHeader(target, locale), templateHeader(target, 'en'), ...savedHeaders(target)])];
    return names.filter((name) => usable(name, target));
  });
  const chosen = candidates.map(() => 0);
  // Each round moves every header that maps wrong to its next name: a few rounds at most.
  for (let round = 0; round < 4; round++) {
    const headers = candidates.map((names, i) => names[chosen[i]]);
    const mapping = mappingForFile(headers, saved);
    let moved = false;
    headers.forEach((header, i) => {
      if (mapping[header] !== targets[i] && chosen[i] + 1 < candidates[i].length) {
        chosen[i] += 1;
        moved = true;
      }
    });
    if (!moved) break;
  }
  return candidates.map((names, i) => names[chosen[i]]);
}

/** A sample row's cell: phones as written in their country when the file says which country, else with its code. */
function sampleCell(person: SamplePerson, target: string, locale: Locale, row: number, national: boolean): string {
  if (target.startsWith('custom:')) return sampleCustomValue(locale, row);
  const value = person[target as FieldKey];
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return national ? value.national : value.international;
}

function fileNameFor(kind: TemplateKind, locale: Locale, profileName?: string): string {
  const base = locale === 'fr' ? (kind === 'template' ? 'modele-contacts' : 'exemple-contacts')
    : (kind === 'template' ? 'contacts-template' : 'contacts-sample');
  // ASCII letters and digits only: the name goes into a header, and into a file system.
  const slug = profileName?.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '').slice(0, 60);
  return `${base}${slug ? `-${slug}` : ''}.csv`;
}

/**
 * The template (headers only) or the sample (the same headers and a few example rows that import
 * with no invalid row) of a profile, or of every field. French files use `;`, which a French
 * Excel opens in columns in one click; the importer detects either separator.
 */
export function buildTemplateFile({ kind, locale, profile }: TemplateRequest): TemplateFile {
  const targets = templateTargets(profile);
  const headers = headersFor(targets, locale, profile);
  // Phones are written as in their country when both the contact's and organization's country
  // codes come with them, else in international form, which needs no Country Code column.
  const national = targets.includes('countryCode');
  const orgNational = national || targets.includes('organizationCountryCode');
  const rows = kind === 'template' ? [] : samplePeople(locale).map((person, row) => targets.map((target) =>
    sampleCell(person, target, locale, row, target === 'organizationPhone' ? orgNational : national)));
  return {
    fileName: fileNameFor(kind, locale, profile?.name),
    headers, targets,
    content: toCsvText(headers, rows, locale === 'fr' ? ';' : ','),
  };
}
