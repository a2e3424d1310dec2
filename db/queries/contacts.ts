import { and, asc, eq, ilike, inArray, isNull, like, or, sql, type SQL } from 'drizzle-orm';
import type { AppDatabase } from '../client';
import {
  contactExternalIds, contacts, divisions, externalOrganizations, externalSources,
  type Contact, type ExternalOrganization,
} from '../schema';
import { escapeLike, phoneSearchDigits } from '../../lib/contacts/search-terms';

/** The divisions whose contacts the caller may see. */
export type DivisionFilter = 'all' | string[];

export interface ContactListItem {
  id: number;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  organizationName: string | null;
  divisionName: string;
  modifiedAt: Date;
}

export interface ContactDetail {
  contact: Contact;
  divisionName: string;
  organization: ExternalOrganization | null;
  externalIds: { sourceName: string; uriTemplate: string | null; value: string }[];
}

function inDivisions(scope: DivisionFilter): SQL | undefined {
  return scope === 'all' ? undefined : inArray(contacts.divisionId, scope);
}

/** Name (either order), any e-mail, any phone by its digits, or an external ID prefix. */
function matchesSearch(text: string): SQL | undefined {
  if (!text) return undefined;
  const contains = `%${escapeLike(text)}%`;
  const conditions: (SQL | undefined)[] = [
    sql`concat_ws(' ', ${contacts.firstName}, ${contacts.lastName}) ilike ${contains}`,
    sql`concat_ws(' ', ${contacts.lastName}, ${contacts.firstName}) ilike ${contains}`,
    ilike(contacts.workEmail, contains),
    ilike(contacts.personalEmail, contains),
    ilike(contacts.otherEmail, contains),
    sql`exists (select 1 from ${contactExternalIds} where ${contactExternalIds.contactId} = ${contacts.id}
      and ${contactExternalIds.value} ilike ${`${escapeLike(text)}%`})`,
  ];
  const digits = phoneSearchDigits(text);
  if (digits) {
    // Stored phones are E.164 ("+14155550100"): digits and a leading plus only.
    const pattern = `%${digits}%`;
    conditions.push(or(like(contacts.workPhone, pattern), like(contacts.cellPhone, pattern),
      like(contacts.homePhone, pattern), like(contacts.otherPhone, pattern)));
  }
  return or(...conditions);
}

/**
 * How many matches a search counts at least. A substring search cannot use an index, so an
 * exact count reads every match (seconds on a million contacts, worse while an import writes):
 * past this figure the page says "more than 1,000" instead.
 */
export const CONTACT_COUNT_CAP = 1000;

export interface ContactSearchPage {
  rows: ContactListItem[];
  /** Exact when `totalIsCapped` is false; otherwise a lower bound: there are more than `total` matches. */
  total: number;
  totalIsCapped: boolean;
}

/**
 * One page of live contacts (not deleted, not absorbed by a merge) and how many match, counted up
 * to CONTACT_COUNT_CAP or to the end of the page asked for, whichever is further, plus one
 * (so a capped total still tells whether a next page exists).
 */
export async function searchContactRows(
  db: AppDatabase,
  scope: DivisionFilter,
  { text, limit, offset }: { text: string; limit: number; offset: number },
): Promise<ContactSearchPage> {
  if (scope !== 'all' && scope.length === 0) return { rows: [], total: 0, totalIsCapped: false };
  const countCap = Math.max(CONTACT_COUNT_CAP, offset + limit);
  const where = and(inDivisions(scope), isNull(contacts.deletedAt), isNull(contacts.mergedInto), matchesSearch(text));
  const [rows, [{ counted }]] = await Promise.all([
    db.select({
      id: contacts.id,
      firstName: contacts.firstName,
      lastName: contacts.lastName,
      email: sql<string | null>`coalesce(${contacts.workEmail}, ${contacts.personalEmail}, ${contacts.otherEmail})`,
      phone: sql<string | null>`coalesce(${contacts.workPhoneDisplay}, ${contacts.workPhone},
        ${contacts.cellPhoneDisplay}, ${contacts.cellPhone}, ${contacts.homePhoneDisplay}, ${contacts.homePhone},
        ${contacts.otherPhoneDisplay}, ${contacts.otherPhone})`,
      organizationName: externalOrganizations.name,
      divisionName: divisions.name,
      modifiedAt: contacts.modifiedAt,
    })
      .from(contacts)
      .innerJoin(divisions, eq(divisions.id, contacts.divisionId))
      .leftJoin(externalOrganizations, eq(externalOrganizations.id, contacts.organizationId))
      .where(where)
      .orderBy(asc(sql`lower(${contacts.lastName})`), asc(sql`lower(${contacts.firstName})`), asc(contacts.id))
      .limit(limit)
      .offset(offset),
    db.select({ counted: sql<number>`count(*)::int` })
      .from(db.select({ one: sql`1`.as('one') }).from(contacts).where(where).limit(countCap + 1).as('matches')),
  ]);
  return { rows, total: Math.min(counted, countCap), totalIsCapped: counted > countCap };
}

/** A contact with its division, organization and external IDs; undefined outside the scope. */
export async function findContactDetail(
  db: AppDatabase,
  scope: DivisionFilter,
  id: number,
): Promise<ContactDetail | undefined> {
  if (scope !== 'all' && scope.length === 0) return undefined;
  const [row] = await db.select({ contact: contacts, divisionName: divisions.name, organization: externalOrganizations })
    .from(contacts)
    .innerJoin(divisions, eq(divisions.id, contacts.divisionId))
    .leftJoin(externalOrganizations, eq(externalOrganizations.id, contacts.organizationId))
    .where(and(eq(contacts.id, id), inDivisions(scope)))
    .limit(1);
  if (!row) return undefined;
  const externalIds = await db.select({
    sourceName: externalSources.name, uriTemplate: externalSources.uriTemplate, value: contactExternalIds.value,
  })
    .from(contactExternalIds)
    .innerJoin(externalSources, eq(externalSources.id, contactExternalIds.sourceId))
    .where(eq(contactExternalIds.contactId, id))
    .orderBy(asc(sql`lower(${externalSources.name})`), asc(contactExternalIds.value));
  return { ...row, externalIds };
}
