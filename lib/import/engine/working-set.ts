import { EMAIL_FIELDS, PHONE_FIELDS } from '../fields';
import { cloneContact, type ContactState } from './contact-state';

export interface OrganizationState {
  id: number;
  externalId: string;
  name: string;
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
export class WorkingSet {
  readonly contacts = new Map<number, ContactState>();
  readonly organizations = new Map<string, OrganizationState>();
  private readonly byExternalId = new Map<string, Set<number>>();
  private readonly byEmail = new Map<string, Set<number>>();
  private readonly byPhone = new Map<string, Set<number>>();

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
   * The set then holds every contact a fresh load would have found, and maybe a few more that
   * match nothing of this batch, which changes nothing.
   */
  overlay(written: WrittenBatch): void {
    for (const contact of written.contacts) {
      this.remove(contact.id);
      if (contact.deletedAt === null && contact.mergedInto === null) this.add(cloneContact(contact));
    }
    for (const organization of written.organizations) {
      this.organizations.set(organization.externalId, { ...organization, isNew: false, isDirty: false });
    }
  }

  /** Call before changing a contact's identifying values, then `reindex` after. */
  unindex(contact: ContactState): void {
    this.index(contact, false);
  }

  reindex(contact: ContactState): void {
    this.index(contact, true);
  }

  findByExternalId(value: string): Iterable<number> {
    return this.byExternalId.get(value) ?? [];
  }

  findByEmail(value: string): Iterable<number> {
    return this.byEmail.get(value.toLowerCase()) ?? [];
  }

  findByPhone(value: string): Iterable<number> {
    return this.byPhone.get(value) ?? [];
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

function toggle(index: Map<string, Set<number>>, value: string, id: number, adding: boolean): void {
  let ids = index.get(value);
  if (adding) {
    if (!ids) index.set(value, (ids = new Set()));
    ids.add(id);
  } else if (ids) {
    ids.delete(id);
    if (ids.size === 0) index.delete(value);
  }
}
