import { sql } from 'drizzle-orm';
import {
  boolean, index, integer, pgTable, text, timestamp, unique, uniqueIndex, uuid,
} from 'drizzle-orm/pg-core';

export const divisions = pgTable('divisions', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  isHome: boolean('is_home').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('divisions_name_key').on(sql`lower(${t.name})`)]);

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  email: text('email').notNull(),
  name: text('name').notNull(),
  passwordHash: text('password_hash').notNull(),
  locale: text('locale'),
  active: boolean('active').notNull().default(true),
  /** Raised when the password is reset or the user deactivated: sessions signed in before stop working. */
  sessionVersion: integer('session_version').notNull().default(0),
  /** Whether the user is e-mailed when an import they requested completes or fails. */
  jobEmails: boolean('job_emails').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('users_email_key').on(sql`lower(${t.email})`)]);

export const roles = pgTable('roles', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  permissions: text('permissions').array().notNull().default(sql`'{}'::text[]`),
  isSystem: boolean('is_system').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('roles_name_key').on(sql`lower(${t.name})`)]);

/** A user holds a role in one division, or in every division when divisionId is null. */
export const grants = pgTable('grants', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  roleId: uuid('role_id').notNull().references(() => roles.id, { onDelete: 'cascade' }),
  divisionId: uuid('division_id').references(() => divisions.id, { onDelete: 'cascade' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  unique('grants_user_role_division_key').on(t.userId, t.roleId, t.divisionId).nullsNotDistinct(),
  index('grants_user_idx').on(t.userId),
]);

export const signInAttempts = pgTable('sign_in_attempts', {
  id: uuid('id').primaryKey().defaultRandom(),
  email: text('email').notNull(),
  ip: text('ip').notNull().default(''),
  succeeded: boolean('succeeded').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('sign_in_attempts_email_idx').on(t.email, t.createdAt),
  index('sign_in_attempts_ip_idx').on(t.ip, t.createdAt),
]);

/** Process-independent settings, e.g. the generated session secret shared by every instance. */
export const appSettings = pgTable('app_settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

export type Division = typeof divisions.$inferSelect;
export type User = typeof users.$inferSelect;
export type Role = typeof roles.$inferSelect;
export type Grant = typeof grants.$inferSelect;
