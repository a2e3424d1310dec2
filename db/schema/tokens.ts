import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';

/**
 * A personal access token for the REST API: it acts as its user. Only the SHA-256 of the secret
 * is kept (the secret is 32 random bytes, so a fast hash is enough); `prefix` is what the
 * profile page shows to tell tokens apart. `permissions` null means all of the user's.
 */
export const personalAccessTokens = pgTable('personal_access_tokens', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  prefix: text('prefix').notNull(),
  tokenHash: text('token_hash').notNull(),
  permissions: text('permissions').array(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  /** The rate limit's fixed window: when it began and the calls counted in it (every instance shares it). */
  rateWindowStart: timestamp('rate_window_start', { withTimezone: true }),
  rateWindowCount: integer('rate_window_count').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('personal_access_tokens_hash_key').on(t.tokenHash),
  index('personal_access_tokens_user_idx').on(t.userId, t.createdAt),
]);

export type PersonalAccessToken = typeof personalAccessTokens.$inferSelect;
