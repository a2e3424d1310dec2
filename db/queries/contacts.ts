import { and, asc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { queryRows, type AppDatabase } from '../client';
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

/**
 * The text the contacts search reads: first and last name in both orders, the three e-mails and
 * the four E.164 phones, lower-cased. The trigram index of migration 0014 is built on this exact
 * expression (docs/decisions/006-contacts-search.md): change both together.
 */
export const contactSearchText = sql`lower(coalesce(${contacts.firstName}, '') || ' ' || coalesce(${contacts.lastName}, '')
  || ' ' || coalesce(${contacts.firstName}, '') || ' ' || coalesce(${contacts.workEmail}, '')
  || ' ' || coalesce(${contacts.personalEmail}, '') || ' ' || coalesce(${contacts.otherEmail}, '')
  || ' ' || coalesce(${contacts.workPhone}, '') || ' ' || coalesce(${contacts.cellPhone}, '')
  || ' ' || coalesce(${contacts.homePhone}, '') || ' ' || coalesce(${contacts.otherPhone}, ''))`;

/** Name (either order), any e-mail or any phone by its digits: served by the trigram index. */
function matchesSearchText(text: string): SQL {
  const conditions = [sql`${contactSearchText} like lower(${`%${escapeLike(text)}%`})`];
  const digits = phoneSearchDigits(text);
  // Stored phones are E.164 ("+14155550100"): digits and a leading plus only.
  if (digits) conditions.push(sql`${contactSearchText} like ${`%${digits}%`}`);
  return or(...conditions)!;
}

/**
 * Contacts with an external ID equal to the text as typed, upper- or lower-cased (IDs are rarely
 * mixed-case): probes of the (source, value) unique index, one per source, instead of a scan.
 */
async function contactsWithExternalId(db: AppDatabase, text: string): Promise<number[]> {
  const rows = await db.selectDistinct({ id: contactExternalIds.contactId }).from(contactExternalIds)
    .where(and(
      inArray(contactExternalIds.sourceId, db.select({ id: externalSources.id }).from(externalSources)),
      inArray(contactExternalIds.value, [...new Set([text, text.toUpperCase(), text.toLowerCase()])]),
    ))
    .limit(EXTERNAL_ID_MATCHES_MAX);
  return rows.map((row) => row.id);
}

/** An external ID names one contact per source; a handful at most in practice. */
const EXTERNAL_ID_MATCHES_MAX = 1000;

/**
 * How many matches a search counts at least. Past this figure the page says "more than 1,000"
 * instead of counting on (an exact count of a broad search reads every match).
 */
export const CONTACT_COUNT_CAP = 1000;

/**
 * A search gathers at least this many matches through the indexes; when they are all of them,
 * its page is sorted from them exactly.
 */
const SORT_MATCHES_UP_TO = 2_000;

/**
 * With more matches than gathered, the page is looked for in the first rows of the name order
 * (plus the page's offset): dense matches are found there, in their exact order, at once.
 */
const WALK_ROWS = 2_000;

export interface ContactSearchPage {
  rows: ContactListItem[];
  /** Exact when `totalIsCapped` is false; otherwise a lower bound: there are more than `total` matches. */
  total: number;
  totalIsCapped: boolean;
  /**
   * True when the matches were too many and too scattered to sort them all: the page is in name
   * order among the first `sortedAmong` matches found, not among all of them.
   */
  orderIsPartial: boolean;
  sortedAmong: number;
}

const listColumns = {
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
};
// The order of contacts_name_order_idx, so a page is read in order from it.
const nameOrder = sql`lower(${contacts.lastName}), lower(${contacts.firstName}), ${contacts.id}`;

/**
 * One page of live contacts (not deleted, not absorbed by a merge) and how many match, counted up
 * to CONTACT_COUNT_CAP or to the end of the page asked for, whichever is further, plus one
 * (so a capped total still tells whether a next page exists). The page ends within
 * CONTACT_LIST_DEPTH_MAX (lib/contacts/schemas.ts refuses deeper pages).
 *
 * With a search text, the matches are gathered through the indexes (trigram, external ID): at
 * least SORT_MATCHES_UP_TO + 1 of them. All of them gathered: the page is sorted from them.
 * More: the page is looked for among the first contacts in name order (exact when found there);
 * otherwise it is sorted among those gathered, and `orderIsPartial` says so. No search reads more
 * than about CONTACT_LIST_DEPTH_MAX + WALK_ROWS contacts, however many there are.
 */
export async function searchContactRows(
  db: AppDatabase,
  scope: DivisionFilter,
  { text, limit, offset, sortMatchesUpTo = SORT_MATCHES_UP_TO, walkRows = WALK_ROWS }: {
    text: string; limit: number; offset: number;
    /** Tests lower them to reach each way of reading a page. */
    sortMatchesUpTo?: number;
    walkRows?: number;
  },
): Promise<ContactSearchPage> {
  const exact = { orderIsPartial: false, sortedAmong: 0 };
  if (scope !== 'all' && scope.length === 0) return { rows: [], total: 0, totalIsCapped: false, ...exact };
  const countCap = Math.max(CONTACT_COUNT_CAP, offset + limit);
  const live = and(inDivisions(scope), isNull(contacts.deletedAt), isNull(contacts.mergedInto));
  const listed = () => db.select(listColumns)
    .from(contacts)
    .innerJoin(divisions, eq(divisions.id, contacts.divisionId))
    .leftJoin(externalOrganizations, eq(externalOrganizations.id, contacts.organizationId));

  if (!text) {
    const [rows, [{ counted }]] = await Promise.all([
      listed().where(live).orderBy(nameOrder).limit(limit).offset(offset),
      db.select({ counted: sql<number>`count(*)::int` })
        .from(db.select({ one: sql`1`.as('one') }).from(contacts).where(live).limit(countCap + 1).as('matches')),
    ]);
    return { rows, total: Math.min(counted, countCap), totalIsCapped: counted > countCap, ...exact };
  }

  const byExternalId = await contactsWithExternalId(db, text);
  const matches = and(live, byExternalId.length > 0
    ? or(matchesSearchText(text), inArray(contacts.id, byExternalId))
    : matchesSearchText(text));
  const gatherLimit = Math.max(sortMatchesUpTo, countCap) + 1;
  // One read of the matches through the indexes gives both their count and the page's ids in
  // name order among them; the page's rows are then read by primary key.
  const gathered = await queryRows<{ counted: number; id: number | string | null }>(db, sql`
    with matches as materialized (
      select ${contacts.id} as id, lower(${contacts.lastName}) as last_key, lower(${contacts.firstName}) as first_key
      from ${contacts} where ${matches} limit ${gatherLimit})
    select (select count(*)::int from matches) as counted, page.id
    from (select 1) as one
    left join lateral (select id from matches order by last_key, first_key, id limit ${limit} offset ${offset}) as page on true`);
  const counted = Number(gathered[0]?.counted ?? 0);
  const total = Math.min(counted, countCap);
  const totalIsCapped = counted > countCap;
  if (counted === 0 || offset >= counted) return { rows: [], total, totalIsCapped, ...exact };
  const gatheredPage = gathered.flatMap((row) => (row.id === null ? [] : [Number(row.id)]));
  const rowsOf = (ids: number[]) => (ids.length === 0 ? Promise.resolve([]) : listed().where(inArray(contacts.id, ids)).orderBy(nameOrder));
  if (counted < gatherLimit) return { rows: await rowsOf(gatheredPage), total, totalIsCapped, ...exact };

  // More matches than gathered. Dense ones are found in the first rows of the name order: the
  // walk reads a bounded prefix of it and is exact when the page ends inside it.
  const walked = await queryRows<{ id: number | string }>(db, sql`
    select id from (
      select ${contacts.id} as id, ${matches} as hit from ${contacts} where ${live}
      order by ${nameOrder} limit ${walkRows + offset + limit}) as prefix
    where hit limit ${offset + limit}`);
  if (walked.length === offset + limit) {
    return { rows: await rowsOf(walked.slice(offset).map((row) => Number(row.id))), total, totalIsCapped, ...exact };
  }
  return {
    rows: await rowsOf(gatheredPage), total, totalIsCapped, orderIsPartial: true, sortedAmong: gatherLimit - 1,
  };
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
