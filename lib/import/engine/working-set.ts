import { EMAIL_FIELDS, PHONE_FIELDS } from '../rows/fields';
import { cloneContact, type ContactState } from './contact-state';
import type { OrganizationDetails } from './organization-details';

export interface OrganizationState {
  id: number;
  externalId: string;
  name: string;
  details: OrganizationDetails;
  isNew: boolean;
  isDirty: boolean;
}

/** What a batch left in the database: its contacts and organizations as written, with real ids. */
export interface WrittenBatch {
  contacts: ContactState[];
  organizations: OrganizationState[];
}

/**
 * The contacts a batch can touch, indexed by every value a row may match on. It starts with the
 * stored contacts that share a value with the batch's rows, and grows with the contacts the rows
 * create, so a row sees what earlier rows of the same file did.
 */
/** The values a set was loaded for: lower-cased e-mails, phones, external IDs of the job's source. */
export interface WantedValues {
  emails: ReadonlySet<string>;
  phones: ReadonlySet<string>;
  externalIds: ReadonlySet<string>;
}

export class WorkingSet {
  /** `wanted`: what the set was loaded for; without it, an overlay keeps every contact. */
  constructor(private readonly wanted?: WantedValues) {}

  readonly contacts = new Map<number, ContactState>();
  readonly organizations = new Map<string, OrganizationState>();
  private readonly byExternalId = new Map<string, Ids>();
  private readonly byEmail = new Map<string, Ids>();
  private readonly byPhone = new Map<string, Ids>();

  add(contact: ContactState): void {
    this.contacts.set(contact.id, contact);
    this.index(contact, true);
  }

  remove(id: number): void {
    const contact = this.contacts.get(id);
    if (!contact) return;
    this.index(contact, false);
    this.contacts.delete(id);
  }

  /**
   * Brings a set loaded before an earlier batch committed up to date with what that batch wrote:
   * its contacts as they are now (the live ones; merged and deleted ones leave), its organizations.
   * The set then holds every contact a fresh load would have found. A written contact that the
   * set does not hold and that shares no value with the batch it was loaded for is left out: no
   * row of that batch can reach it (in a first import, that is every contact the batch before
   * created, each of which would be copied and indexed for nothing).
   */
  overlay(written: WrittenBatch): void {
    for (const contact of written.contacts) {
      if (!this.contacts.has(contact.id) && !this.isWanted(contact)) continue;
      this.remove(contact.id);
      if (contact.deletedAt === null && contact.mergedInto === null) this.add(cloneContact(contact));
    }
    for (const organization of written.organizations) {
      this.organizations.set(organization.externalId,
        { ...organization, details: { ...organization.details }, isNew: false, isDirty: false });
    }
  }

  /** Takes a contact out of the index (one merged away). */
  unindex(contact: ContactState): void {
    this.index(contact, false);
  }

  /**
   * A contact's identifying values changed from those of `before` (a copy of it) to its own now:
   * only the values it lost leave the index and only those it gained enter it (a row adding an
   * external ID leaves its e-mails and phones where they are).
   */
  replaceIndex(before: ContactState, contact: ContactState): void {
    const id = contact.id;
    for (const value of before.externalIds) if (!contact.externalIds.includes(value)) toggle(this.byExternalId, value, id, false);
    for (const value of contact.externalIds) if (!before.externalIds.includes(value)) toggle(this.byExternalId, value, id, true);
    for (const key of EMAIL_FIELDS) {
      const lost = before.fields[key];
      if (typeof lost === 'string' && !holds(contact, EMAIL_FIELDS, lost.toLowerCase(), true)) toggle(this.byEmail, lost.toLowerCase(), id, false);
      const gained = contact.fields[key];
      if (typeof gained === 'string' && !holds(before, EMAIL_FIELDS, gained.toLowerCase(), true)) toggle(this.byEmail, gained.toLowerCase(), id, true);
    }
    for (const key of PHONE_FIELDS) {
      const lost = before.fields[key];
      if (typeof lost === 'string' && !holds(contact, PHONE_FIELDS, lost, false)) toggle(this.byPhone, lost, id, false);
      const gained = contact.fields[key];
      if (typeof gained === 'string' && !holds(before, PHONE_FIELDS, gained, false)) toggle(this.byPhone, gained, id, true);
    }
  }

  findByExternalId(value: string): Iterable<number> {
    return idsOf(this.byExternalId.get(value));
  }

  findByEmail(value: string): Iterable<number> {
    return idsOf(this.byEmail.get(value.toLowerCase()));
  }

  findByPhone(value: string): Iterable<number> {
    return idsOf(this.byPhone.get(value));
  }

  private isWanted(contact: ContactState): boolean {
    const wanted = this.wanted;
    if (!wanted) return true;
    for (const value of contact.externalIds) if (wanted.externalIds.has(value)) return true;
    for (const key of EMAIL_FIELDS) {
      const value = contact.fields[key];
      if (typeof value === 'string' && wanted.emails.has(value.toLowerCase())) return true;
    }
    for (const key of PHONE_FIELDS) {
      const value = contact.fields[key];
      if (typeof value === 'string' && wanted.phones.has(value)) return true;
    }
    return false;
  }

  private index(contact: ContactState, adding: boolean): void {
    for (const value of contact.externalIds) toggle(this.byExternalId, value, contact.id, adding);
    for (const key of EMAIL_FIELDS) {
      const value = contact.fields[key];
      if (typeof value === 'string') toggle(this.byEmail, value.toLowerCase(), contact.id, adding);
    }
    for (const key of PHONE_FIELDS) {
      const value = contact.fields[key];
      if (typeof value === 'string') toggle(this.byPhone, value, contact.id, adding);
    }
  }
}

/** Whether one of the contact's `keys` holds `value` (compared lower-cased when `lower`, as the index keys it). */
function holds(contact: ContactState, keys: readonly (typeof EMAIL_FIELDS[number] | typeof PHONE_FIELDS[number])[], value: string, lower: boolean): boolean {
  for (const key of keys) {
    const held = contact.fields[key];
    if (typeof held === 'string' && (lower ? held.toLowerCase() : held) === value) return true;
  }
  return false;
}

/**
 * The contacts holding one value: nearly always one, kept as a bare id; a Set only when several
 * share it (a Set per value was a sixth of the import's own CPU time, and garbage).
 */
type Ids = number | Set<number>;

function idsOf(ids: Ids | undefined): Iterable<number> {
  return ids === undefined ? [] : typeof ids === 'number' ? [ids] : ids;
}

function toggle(index: Map<string, Ids>, value: string, id: number, adding: boolean): void {
  const ids = index.get(value);
  if (adding) {
    if (ids === undefined) index.set(value, id);
    else if (typeof ids === 'number') {
      if (ids !== id) index.set(value, new Set([ids, id]));
    } else ids.add(id);
  } else if (typeof ids === 'number') {
    if (ids === id) index.delete(value);
  } else if (ids) {
    ids.delete(id);
    if (ids.size === 1) index.set(value, ids.values().next().value!);
  }
}
