import { ALL_FIELDS, fieldDefinition } from '../rows/fields';
import { isImported } from '../rows/mapping';

/** What a template is built from: a profile's saved mapping and imported fields, or nothing. */
export interface TemplateProfile {
  columnMapping: Record<string, string>;
  importFields: readonly string[];
}

const ORGANIZATION_TARGETS = new Set(ALL_FIELDS.filter((f) => f.key.startsWith('organization')).map((f) => f.key));

// A contact first (its key, names, ways to reach it, address...), then its organization; the
// catalogue's order otherwise. Deleted is left out of the default template: a file with that
// column can delete contacts, so starting its import needs the permission to delete them.
const ORDER = ['externalId', ...ALL_FIELDS.map((f) => f.key).filter((key) => key !== 'externalId'
  && key !== 'deleted' && !ORGANIZATION_TARGETS.has(key)), 'organizationExternalId', 'organizationName',
...ALL_FIELDS.map((f) => f.key).filter((key) => ORGANIZATION_TARGETS.has(key) && key !== 'organizationExternalId' && key !== 'organizationName'),
'deleted'];
const RANK = new Map(ORDER.map((key, index) => [key, index]));

/** Every field a new file can fill, as the template without a profile lists them. */
export const DEFAULT_TEMPLATE_TARGETS: readonly string[] = ORDER.filter((key) => key !== 'deleted');

/**
 * The columns of a profile's template: every target its mapping reads (a field it maps and
 * imports, or a custom field) and every field it imports by name, in a contact's order, custom
 * fields last. External ID is always there (every row needs it), and so is the organization's
 * External ID when any organization column is. A profile that names no field gets the default.
 */
export function templateTargets(profile?: TemplateProfile): string[] {
  if (!profile) return [...DEFAULT_TEMPLATE_TARGETS];
  const targets = new Set<string>();
  for (const target of Object.values(profile.columnMapping)) {
    const known = target.startsWith('custom:') ? target.length > 'custom:'.length : fieldDefinition(target) !== undefined;
    if (known && isImported(target, profile.importFields)) targets.add(target);
  }
  for (const field of profile.importFields) if (fieldDefinition(field)) targets.add(field);
  if (targets.size === 0) return [...DEFAULT_TEMPLATE_TARGETS];
  targets.add('externalId');
  if ([...targets].some((target) => ORGANIZATION_TARGETS.has(target))) targets.add('organizationExternalId');
  const fields = [...targets].filter((target) => RANK.has(target)).sort((a, b) => RANK.get(a)! - RANK.get(b)!);
  return [...fields, ...[...targets].filter((target) => !RANK.has(target))];
}
