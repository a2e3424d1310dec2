/**
 * The reference implementation of SPEC sections 5 and 6, for tests only: plain TypeScript, one
 * row at a time, over every contact in memory, written for clarity and nothing else. The SQL
 * engine must leave exactly the same contacts, merges and counters.
 */
import {
  CONTACT_FIELD_KEYS, EMAIL_FIELDS, MAX_EXTERNAL_IDS_PER_CONTACT, ORGANIZATION_FIELD_KEYS, PHONE_FIELDS, type MatchIdentifier,
} from '@/lib/import/rows/fields';
import type { ImportSettings, NormalizedRow } from '@/lib/import/rows/types';

export interface RefContact {
  id: number;
  createdAt: number;
  fields: Record<string, string | boolean | null>;
  phoneDisplay: Record<string, string | null>;
  customFields: Record<string, string>;
  organization: string | null;
  externalIds: string[];
  /** IDs in other sources than the job's, as `<source>:<value>`: they count, and move with a merge. */
  otherExternalIds: string[];
  deletedAt: number | null;
  mergedInto: number | null;
}

export interface RefOrganization {
  externalId: string;
  name: string;
  /** Phone, address, website, industry by field key (organizationPhone...); a key not set is null. */
  details: Record<string, string | null>;
}

export interface RefState {
  contacts: RefContact[];
  organizations: RefOrganization[];
  nextId: number;
}

export interface RefCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
  merged: number;
  refused: number;
  skipped: number;
}

type Settings = Pick<ImportSettings, 'matchBy' | 'mergeMode' | 'loadType' | 'emptyCellsClear' | 'unmatchedRows' | 'matchedRows'>;

export function referenceImport(start: RefState, rows: NormalizedRow[], settings: Settings, now: number, canSee = true) {
  const state: RefState = structuredClone(start);
  const counts: RefCounts = { inserted: 0, updated: 0, unchanged: 0, deleted: 0, merged: 0, refused: 0, skipped: 0 };
  /** Lines refused for the limit of external IDs per contact, and whether the refused row merged. */
  const refusals: { line: number; merge: boolean }[] = [];

  if (settings.loadType === 'dropAndInsert') {
    for (const c of state.contacts) {
      if (c.deletedAt === null && c.mergedInto === null && c.externalIds.length > 0) c.deletedAt = now;
    }
  }

  for (const row of rows) {
    if (settings.loadType === 'deleteListed') {
      const found = row.externalId && canSee ? lookup(state, 'externalId', row.externalId) : [];
      for (const c of found) c.deletedAt = now;
      counts[found.length ? 'deleted' : 'unchanged'] += 1;
      continue;
    }
    let first: RefContact[] = [];
    if (canSee) {
      for (const identifier of settings.matchBy) {
        const value = valueOf(row, identifier);
        if (value === null) continue;
        const found = lookup(state, identifier, value);
        if (found.length) { first = found; break; }
      }
    }
    // Create-only / update-only (insert-update-delete loads only; absent means create and update):
    // a row matched or not by its deciding identifier is left alone, whatever it would have done.
    const action = first.length === 0 ? settings.unmatchedRows ?? 'create' : settings.matchedRows ?? 'update';
    if (settings.loadType === 'upsert' && action === 'skip') { counts.skipped += 1; continue; }
    if (row.deletedAt) {
      if (first.length === 0) { counts.unchanged += 1; continue; }
      first[0].deletedAt = row.deletedAt.getTime();
      counts.deleted += 1;
      continue;
    }
    if (first.length === 0) {
      const contact: RefContact = {
        id: state.nextId++, createdAt: Number.MAX_SAFE_INTEGER,
        fields: Object.fromEntries(CONTACT_FIELD_KEYS.map((k) => [k, null])),
        phoneDisplay: Object.fromEntries(PHONE_FIELDS.map((k) => [k, null])),
        customFields: {}, organization: null, externalIds: [], otherExternalIds: [], deletedAt: null, mergedInto: null,
      };
      contact.fields.callable = true;
      write(state, contact, row, settings.emptyCellsClear);
      state.contacts.push(contact);
      counts.inserted += 1;
      continue;
    }
    const survivor = first[0];
    const before = JSON.stringify(survivor);
    let merged = 0;
    const others: RefContact[] = [];
    if (settings.mergeMode === 'mergeAll') {
      for (const identifier of settings.matchBy) {
        const value = valueOf(row, identifier);
        if (value === null) continue;
        for (const c of lookup(state, identifier, value)) {
          if (c !== survivor && !others.includes(c)) others.push(c);
        }
      }
    }
    // SPEC: at most 10 external IDs per contact, all sources together. A row that would leave the
    // survivor more than that, and more than it holds, is not applied at all.
    const held = allIds(survivor);
    const after = new Set([...held, ...others.flatMap(allIds), ...(row.externalId ? [`job:${row.externalId}`] : [])]);
    if (after.size > MAX_EXTERNAL_IDS_PER_CONTACT && after.size > held.length) {
      counts.refused += 1;
      refusals.push({ line: row.line, merge: others.length > 0 });
      continue;
    }
    for (const other of others) {
      for (const key of CONTACT_FIELD_KEYS) {
        if (survivor.fields[key] === null && other.fields[key] !== null) {
          survivor.fields[key] = other.fields[key];
          if (key in survivor.phoneDisplay) survivor.phoneDisplay[key] = other.phoneDisplay[key];
        }
      }
      for (const [k, v] of Object.entries(other.customFields)) if (!(k in survivor.customFields)) survivor.customFields[k] = v;
      if (survivor.organization === null) survivor.organization = other.organization;
      for (const id of other.externalIds) if (!survivor.externalIds.includes(id)) survivor.externalIds.push(id);
      for (const id of other.otherExternalIds) if (!survivor.otherExternalIds.includes(id)) survivor.otherExternalIds.push(id);
      other.externalIds = [];
      other.otherExternalIds = [];
      other.mergedInto = survivor.id;
      merged += 1;
    }
    write(state, survivor, row, settings.emptyCellsClear);
    counts.merged += merged;
    if (merged === 0 && sameIgnoringOrder(before, survivor)) counts.unchanged += 1;
    else counts.updated += 1;
  }
  return { state, counts, refusals };
}

function allIds(contact: RefContact): string[] {
  return [...contact.externalIds.map((value) => `job:${value}`), ...contact.otherExternalIds];
}

function sameIgnoringOrder(before: string, after: RefContact): boolean {
  const a = JSON.parse(before) as RefContact;
  const norm = (c: RefContact) => JSON.stringify({ ...c, externalIds: [...c.externalIds].sort(),
    customFields: Object.fromEntries(Object.entries(c.customFields).sort()) });
  return norm(a) === norm(after);
}

function valueOf(row: NormalizedRow, identifier: MatchIdentifier): string | null {
  if (identifier === 'externalId') return row.externalId;
  const v = row.values[identifier];
  return typeof v === 'string' ? v : null;
}

function lookup(state: RefState, identifier: MatchIdentifier, value: string): RefContact[] {
  const live = state.contacts.filter((c) => c.deletedAt === null && c.mergedInto === null);
  let found: RefContact[];
  if (identifier === 'externalId') found = live.filter((c) => c.externalIds.includes(value));
  else if ((EMAIL_FIELDS as readonly string[]).includes(identifier)) {
    found = live.filter((c) => EMAIL_FIELDS.some((k) => typeof c.fields[k] === 'string'
      && (c.fields[k] as string).toLowerCase() === value.toLowerCase()));
  } else found = live.filter((c) => PHONE_FIELDS.some((k) => c.fields[k] === value));
  return found.sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);
}

function write(state: RefState, contact: RefContact, row: NormalizedRow, clear: boolean) {
  for (const [key, value] of Object.entries(row.values)) {
    if (value === null && !clear) continue;
    contact.fields[key] = value === null && key === 'callable' ? true : value;
    if (key in contact.phoneDisplay) contact.phoneDisplay[key] = value === null ? null : row.phoneDisplay[key as 'workPhone'] ?? String(value);
  }
  for (const [key, value] of Object.entries(row.customFields)) {
    if (value !== null) contact.customFields[key] = value;
    else if (clear) delete contact.customFields[key];
  }
  if (row.externalId && !contact.externalIds.includes(row.externalId)) contact.externalIds.push(row.externalId);
  if (row.organization) {
    let org = state.organizations.find((o) => o.externalId === row.organization!.externalId);
    if (!org) {
      org = {
        externalId: row.organization.externalId, name: row.organization.name ?? row.organization.externalId,
        details: Object.fromEntries(ORGANIZATION_FIELD_KEYS.map((k) => [k, null])),
      };
      state.organizations.push(org);
    } else if (row.organization.name !== null) org.name = row.organization.name;
    // Details as the contact's fields: a value sets, an empty cell clears only when the profile says so.
    for (const [key, value] of Object.entries(row.organization.details ?? {})) {
      if (value !== null || clear) org.details[key] = value;
    }
    contact.organization = org.externalId;
  }
}
