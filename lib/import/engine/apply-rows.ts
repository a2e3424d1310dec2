import {
  EMAIL_FIELDS, MAX_EXTERNAL_IDS_PER_CONTACT, PHONE_FIELDS, type ContactFieldKey, type MatchIdentifier,
} from '../rows/fields';
import type { ImportSettings, NormalizedRow, RowError, RowOrganization } from '../rows/types';
import {
  cloneContact, emptyFields, emptyPhoneDisplay, externalIdCount, sameContent, type ContactState, type PhoneField,
} from './contact-state';
import type { WorkingSet } from './working-set';
import { emptyOrganizationDetails, writeOrganizationDetails } from './organization-details';

/**
 * `refused`: a valid row the engine does not apply (see APPLY_ROW_ERROR_CODES); it is not imported.
 * `skipped`: a valid row the profile's row actions leave alone (create-only, update-only): it writes nothing.
 */
export type RowOutcome = 'inserted' | 'updated' | 'unchanged' | 'deleted' | 'refused' | 'skipped';

/** Row error codes only applying a row can find (the dry run cannot: they depend on what is stored). */
export const APPLY_ROW_ERROR_CODES = ['tooManyExternalIds'] as const;
export type ApplyRowErrorCode = (typeof APPLY_ROW_ERROR_CODES)[number];

export interface ApplyContext {
  settings: Pick<ImportSettings, 'matchBy' | 'mergeMode' | 'loadType' | 'emptyCellsClear' | 'unmatchedRows' | 'matchedRows'>;
  /** Time of the batch: creation time of new contacts and of deletions of listed contacts. */
  now: Date;
  /** False when the on-behalf-of user may not see the job's division: nothing matches. */
  canSeeCandidates: boolean;
}

const PHONE_SET = new Set<string>(PHONE_FIELDS);
const EMAIL_SET = new Set<string>(EMAIL_FIELDS);

/**
 * Applies rows one by one, in file order, to the working set: the semantics of SPEC sections 5
 * and 6 in one place. It records, per contact, its state before the batch first touched it, so
 * the writer can store exactly what changed.
 */
export class RowApplier {
  /** Contact id -> state before this batch touched it (null: created by this batch). */
  readonly touched = new Map<number, ContactState | null>();
  readonly created: ContactState[] = [];
  readonly counts = { inserted: 0, updated: 0, unchanged: 0, deleted: 0, merged: 0, refused: 0, skipped: 0 };
  /** The refused rows, in file order, each with its error. */
  readonly refusals: RowError[] = [];
  private nextTempOrganizationId = -1;

  constructor(private readonly set: WorkingSet, private readonly ctx: ApplyContext) {}

  apply(row: NormalizedRow): RowOutcome {
    const outcome = this.decide(row);
    this.counts[outcome] += 1;
    return outcome;
  }

  private decide(row: NormalizedRow): RowOutcome {
    if (this.ctx.settings.loadType === 'deleteListed') {
      const targets = row.externalId ? this.candidates('externalId', row.externalId) : [];
      for (const contact of targets) this.softDelete(contact, this.ctx.now);
      return targets.length > 0 ? 'deleted' : 'unchanged';
    }
    const match = this.firstMatch(row);
    if (skipsRow(this.ctx.settings, match !== null)) return 'skipped';
    if (row.deletedAt) {
      if (!match) return 'unchanged';
      this.softDelete(match[0], row.deletedAt);
      return 'deleted';
    }
    if (!match) {
      this.create(row);
      return 'inserted';
    }
    const survivor = match[0];
    const absorbed = this.ctx.settings.mergeMode === 'mergeAll'
      ? this.allMatches(row).filter((c) => c.id !== survivor.id)
      : [];
    if (wouldExceedExternalIdLimit(survivor, absorbed, row.externalId)) {
      this.refusals.push({
        line: row.line, column: null, code: 'tooManyExternalIds', params: { max: MAX_EXTERNAL_IDS_PER_CONTACT },
      });
      return 'refused';
    }
    const organizationId = row.organization ? this.organizationFor(row.organization).id : undefined;
    // A row that changes nothing (most of a re-import) is told apart before any copy is made.
    if (absorbed.length === 0 && !this.changes(survivor, row, organizationId)) return 'unchanged';
    const before = cloneContact(survivor);
    for (const other of absorbed) this.absorb(survivor, other);
    this.writeRow(survivor, row, organizationId);
    // Most updates leave every identifying value as it was: the index is then left alone (taking
    // the contact out of it and putting it back was the largest cost of a re-import's rows).
    if (!sameIdentifiers(before, survivor)) this.set.replaceIndex(before, survivor);
    if (absorbed.length === 0 && sameContent(before, survivor)) return 'unchanged';
    if (!this.touched.has(survivor.id)) this.touched.set(survivor.id, before);
    return 'updated';
  }

  /** The candidates of the first identifier that has a value in the row and finds any. */
  private firstMatch(row: NormalizedRow): ContactState[] | null {
    if (!this.ctx.canSeeCandidates) return null;
    for (const identifier of this.ctx.settings.matchBy) {
      const value = identifierValue(row, identifier);
      if (value === null) continue;
      const found = this.candidates(identifier, value);
      if (found.length > 0) return found;
    }
    return null;
  }

  /** Every candidate of every identifier, in match order, each once. */
  private allMatches(row: NormalizedRow): ContactState[] {
    const seen = new Set<number>();
    const all: ContactState[] = [];
    for (const identifier of this.ctx.settings.matchBy) {
      const value = identifierValue(row, identifier);
      if (value === null) continue;
      for (const contact of this.candidates(identifier, value)) {
        if (!seen.has(contact.id)) {
          seen.add(contact.id);
          all.push(contact);
        }
      }
    }
    return all;
  }

  private candidates(identifier: MatchIdentifier, value: string): ContactState[] {
    if (!this.ctx.canSeeCandidates) return [];
    const ids = identifier === 'externalId' ? this.set.findByExternalId(value)
      : EMAIL_SET.has(identifier) ? this.set.findByEmail(value)
        : this.set.findByPhone(value);
    const found: ContactState[] = [];
    for (const id of ids) {
      const contact = this.set.contacts.get(id)!;
      if (contact.deletedAt === null && contact.mergedInto === null) found.push(contact);
    }
    return found.sort(oldestFirst);
  }

  private softDelete(contact: ContactState, at: Date): void {
    this.remember(contact);
    contact.deletedAt = at;
  }

  private create(row: NormalizedRow): void {
    const contact: ContactState = {
      id: -(this.created.length + 1),
      createdAt: this.ctx.now,
      fields: emptyFields(),
      phoneDisplay: emptyPhoneDisplay(),
      customFields: {},
      organizationId: null,
      externalIds: [],
      otherExternalIds: [],
      deletedAt: null,
      mergedInto: null,
    };
    contact.fields.callable = true;
    this.writeRow(contact, row, row.organization ? this.organizationFor(row.organization).id : undefined);
    this.created.push(contact);
    this.touched.set(contact.id, null);
    this.set.add(contact);
  }

  /** Survivor keeps its values and fills its gaps from the absorbed contact (SPEC section 5). */
  private absorb(survivor: ContactState, other: ContactState): void {
    this.remember(other);
    this.set.unindex(other);
    for (const key of Object.keys(survivor.fields) as ContactFieldKey[]) {
      if (survivor.fields[key] === null && other.fields[key] !== null) {
        survivor.fields[key] = other.fields[key];
        if (PHONE_SET.has(key)) survivor.phoneDisplay[key as PhoneField] = other.phoneDisplay[key as PhoneField];
      }
    }
    for (const [key, value] of Object.entries(other.customFields)) {
      if (!(key in survivor.customFields)) survivor.customFields[key] = value;
    }
    survivor.organizationId ??= other.organizationId;
    for (const value of other.externalIds) if (!survivor.externalIds.includes(value)) survivor.externalIds.push(value);
    for (const key of other.otherExternalIds) {
      if (!survivor.otherExternalIds.includes(key)) survivor.otherExternalIds.push(key);
    }
    other.externalIds = [];
    other.otherExternalIds = [];
    other.mergedInto = survivor.id;
    this.counts.merged += 1;
  }

  /**
   * Whether writeRow would change the contact (`organizationId`: that of the row's organization,
   * undefined when the row names none). False only when the contact would stay exactly as it is.
   */
  private changes(contact: ContactState, row: NormalizedRow, organizationId: number | undefined): boolean {
    const clear = this.ctx.settings.emptyCellsClear;
    for (const key in row.values) {
      const value = row.values[key as ContactFieldKey]!;
      if (value === null && !clear) continue;
      if (contact.fields[key as ContactFieldKey] !== (value === null && key === 'callable' ? true : value)) return true;
      if (PHONE_SET.has(key)
        && contact.phoneDisplay[key as PhoneField] !== (value === null ? null : row.phoneDisplay[key as PhoneField] ?? value)) return true;
    }
    for (const key in row.customFields) {
      const value = row.customFields[key];
      if (value !== null ? contact.customFields[key] !== value : clear && Object.hasOwn(contact.customFields, key)) return true;
    }
    if (row.externalId && !contact.externalIds.includes(row.externalId)) return true;
    return organizationId !== undefined && organizationId !== contact.organizationId;
  }

  /** The CSV wins: non-empty cells overwrite; empty cells clear only when the profile says so. */
  private writeRow(contact: ContactState, row: NormalizedRow, organizationId: number | undefined): void {
    const clear = this.ctx.settings.emptyCellsClear;
    // for-in, not Object.entries: no array per cell of every row.
    for (const k in row.values) {
      const key = k as ContactFieldKey;
      const value = row.values[key]!;
      if (value === null && !clear) continue;
      contact.fields[key] = value === null && key === 'callable' ? true : value;
      if (PHONE_SET.has(key)) {
        contact.phoneDisplay[key as PhoneField] = value === null ? null : row.phoneDisplay[key] ?? (value as string);
      }
    }
    for (const key in row.customFields) {
      const value = row.customFields[key];
      if (value !== null) contact.customFields[key] = value;
      else if (clear) delete contact.customFields[key];
    }
    if (row.externalId && !contact.externalIds.includes(row.externalId)) contact.externalIds.push(row.externalId);
    if (organizationId !== undefined) contact.organizationId = organizationId;
  }

  /** The row's organization, created or updated: its name when the row gives one, its details as writeOrganizationDetails says. */
  private organizationFor(ref: RowOrganization) {
    let organization = this.set.organizations.get(ref.externalId);
    if (!organization) {
      organization = {
        id: this.nextTempOrganizationId--, externalId: ref.externalId, name: ref.name ?? ref.externalId,
        details: emptyOrganizationDetails(), isNew: true, isDirty: true,
      };
      this.set.organizations.set(ref.externalId, organization);
    } else if (ref.name !== null && ref.name !== organization.name) {
      organization.name = ref.name;
      organization.isDirty = true;
    }
    if (writeOrganizationDetails(organization.details, ref.details ?? {}, this.ctx.settings.emptyCellsClear)) {
      organization.isDirty = true;
    }
    return organization;
  }

  private remember(contact: ContactState): void {
    if (!this.touched.has(contact.id)) this.touched.set(contact.id, cloneContact(contact));
  }
}

/**
 * SPEC's limit of external IDs per contact, all sources together: true when updating `survivor`
 * with the row (absorbing `absorbed`, adding `externalId` in the job's source) would leave it more
 * IDs than the limit and more than it holds now. A contact stored with more than the limit (before
 * the rule) may still be updated by a row that gives it no new ID. A created contact gets one ID.
 */
export function wouldExceedExternalIdLimit(
  survivor: ContactState, absorbed: readonly ContactState[], externalId: string | null,
): boolean {
  const held = externalIdCount(survivor);
  let most = held + (externalId === null ? 0 : 1);
  for (const other of absorbed) most += externalIdCount(other);
  if (most <= MAX_EXTERNAL_IDS_PER_CONTACT) return false;
  // Over the limit at most: count the union, as two contacts (or the row) may share an ID.
  const own = new Set(survivor.externalIds);
  const others = new Set(survivor.otherExternalIds);
  for (const other of absorbed) {
    for (const value of other.externalIds) own.add(value);
    for (const key of other.otherExternalIds) others.add(key);
  }
  if (externalId !== null) own.add(externalId);
  const after = own.size + others.size;
  return after > MAX_EXTERNAL_IDS_PER_CONTACT && after > held;
}

/**
 * Create-only and update-only imports: a row is matched or not (by its first deciding identifier,
 * as always), and the profile's action for that kind of row may be to leave it alone, whatever it
 * would have done (create, update, merge, delete by its Deleted column, be refused). Only the load
 * type upsert has row actions (the profile schema refuses others); a job frozen before they existed
 * creates and updates.
 */
export function skipsRow(
  settings: Pick<ImportSettings, 'loadType' | 'unmatchedRows' | 'matchedRows'>, matched: boolean,
): boolean {
  if (settings.loadType !== 'upsert') return false;
  return matched ? settings.matchedRows === 'skip' : settings.unmatchedRows === 'skip';
}

export function identifierValue(row: NormalizedRow, identifier: MatchIdentifier): string | null {
  if (identifier === 'externalId') return row.externalId;
  const value = row.values[identifier];
  return typeof value === 'string' ? value : null;
}

/** Oldest first, then lowest id; contacts created by this batch (negative ids) in creation order. */
export function oldestFirst(a: ContactState, b: ContactState): number {
  const byTime = a.createdAt.getTime() - b.createdAt.getTime();
  if (byTime !== 0) return byTime;
  return orderId(a.id) - orderId(b.id);
}

const orderId = (id: number) => (id < 0 ? 2 ** 52 - id : id);

/** Whether the two states of one contact hold the same values a row can match on. */
function sameIdentifiers(a: ContactState, b: ContactState): boolean {
  for (const key of EMAIL_FIELDS) if (a.fields[key] !== b.fields[key]) return false;
  for (const key of PHONE_FIELDS) if (a.fields[key] !== b.fields[key]) return false;
  if (a.externalIds.length !== b.externalIds.length) return false;
  for (let i = 0; i < a.externalIds.length; i += 1) if (a.externalIds[i] !== b.externalIds[i]) return false;
  return true;
}
