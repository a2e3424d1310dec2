import { sql } from 'drizzle-orm';
import {
  bigint, boolean, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid,
} from 'drizzle-orm/pg-core';
import { divisions } from './auth';

export const externalSources = pgTable('external_sources', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  active: boolean('active').notNull().default(true),
  uriTemplate: text('uri_template'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('external_sources_name_key').on(sql`lower(${t.name})`)]);

export const externalOrganizations = pgTable('external_organizations', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  divisionId: uuid('division_id').notNull().references(() => divisions.id),
  name: text('name').notNull(),
  phone: text('phone'),
  addressLine1: text('address_line1'),
  addressLine2: text('address_line2'),
  city: text('city'),
  state: text('state'),
  postalCode: text('postal_code'),
  countryCode: text('country_code'),
  website: text('website'),
  industry: text('industry'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  modifiedAt: timestamp('modified_at', { withTimezone: true }).notNull().defaultNow(),
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
}, (t) => [index('external_organizations_division_idx').on(t.divisionId)]);

export const organizationExternalIds = pgTable('organization_external_ids', {
  organizationId: bigint('organization_id', { mode: 'number' }).notNull()
    .references(() => externalOrganizations.id, { onDelete: 'cascade' }),
  sourceId: uuid('source_id').notNull().references(() => externalSources.id, { onDelete: 'cascade' }),
  value: text('value').notNull(),
}, (t) => [
  uniqueIndex('organization_external_ids_key').on(t.sourceId, t.value, t.organizationId),
  index('organization_external_ids_org_idx').on(t.organizationId),
]);

export const contacts = pgTable('contacts', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  // References divisions.id; checked per statement, not per row (migration 0008, see docs).
  divisionId: uuid('division_id').notNull(),
  firstName: text('first_name'),
  middleName: text('middle_name'),
  lastName: text('last_name'),
  salutation: text('salutation'),
  title: text('title'),
  // Phones are stored E.164 for matching; the *Display columns keep the text as received.
  workPhone: text('work_phone'),
  workPhoneDisplay: text('work_phone_display'),
  cellPhone: text('cell_phone'),
  cellPhoneDisplay: text('cell_phone_display'),
  homePhone: text('home_phone'),
  homePhoneDisplay: text('home_phone_display'),
  otherPhone: text('other_phone'),
  otherPhoneDisplay: text('other_phone_display'),
  workEmail: text('work_email'),
  personalEmail: text('personal_email'),
  otherEmail: text('other_email'),
  addressLine1: text('address_line1'),
  addressLine2: text('address_line2'),
  city: text('city'),
  state: text('state'),
  postalCode: text('postal_code'),
  countryCode: text('country_code'),
  twitterId: text('twitter_id'),
  whatsappId: text('whatsapp_id'),
  facebookId: text('facebook_id'),
  lineId: text('line_id'),
  instagramId: text('instagram_id'),
  externalSystemUrl: text('external_system_url'),
  surveyOptOut: boolean('survey_opt_out'),
  callable: boolean('callable').notNull().default(true),
  // References external_organizations.id (deletion refused while referenced); checked per
  // statement, not per row (migration 0009).
  organizationId: bigint('organization_id', { mode: 'number' }),
  customFields: jsonb('custom_fields').$type<Record<string, string>>(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  modifiedAt: timestamp('modified_at', { withTimezone: true }).notNull().defaultNow(),
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
  // Contacts absorbed by a merge are kept and point to the survivor, so a merge can be undone.
  mergedInto: bigint('merged_into', { mode: 'number' }),
}, (t) => [
  index('contacts_division_idx').on(t.divisionId, t.id),
  // The contacts list's whole order (last name, first name, id): a page, and a broad search's
  // walk, read it in order with no sort (decision 006). The search's trigram index
  // (contacts_search_trgm_idx) is made by migration 0014 by hand: drizzle-kit cannot declare
  // its expression with an operator class.
  index('contacts_name_order_idx').on(sql`lower(${t.lastName})`, sql`lower(${t.firstName})`, t.id),
  // Partial: most contacts leave most of these empty, and an import pays for every index entry.
  index('contacts_work_email_idx').on(sql`lower(${t.workEmail})`).where(sql`${t.workEmail} is not null`),
  index('contacts_personal_email_idx').on(sql`lower(${t.personalEmail})`).where(sql`${t.personalEmail} is not null`),
  index('contacts_other_email_idx').on(sql`lower(${t.otherEmail})`).where(sql`${t.otherEmail} is not null`),
  index('contacts_work_phone_idx').on(t.workPhone).where(sql`${t.workPhone} is not null`),
  index('contacts_cell_phone_idx').on(t.cellPhone).where(sql`${t.cellPhone} is not null`),
  index('contacts_home_phone_idx').on(t.homePhone).where(sql`${t.homePhone} is not null`),
  index('contacts_other_phone_idx').on(t.otherPhone).where(sql`${t.otherPhone} is not null`),
]);

export const contactExternalIds = pgTable('contact_external_ids', {
  // References contacts.id and external_sources.id, both on delete cascade; checked per
  // statement, not per row (migration 0008).
  contactId: bigint('contact_id', { mode: 'number' }).notNull(),
  sourceId: uuid('source_id').notNull(),
  value: text('value').notNull(),
}, (t) => [
  uniqueIndex('contact_external_ids_key').on(t.sourceId, t.value, t.contactId),
  index('contact_external_ids_contact_idx').on(t.contactId),
]);

export type ExternalSource = typeof externalSources.$inferSelect;
export type Contact = typeof contacts.$inferSelect;
export type ExternalOrganization = typeof externalOrganizations.$inferSelect;
