-- The contacts search (db/queries/contacts.ts, contactSearchText): a substring search on names,
-- e-mails and phones, served by a trigram index on the same expression instead of a scan of
-- every contact. Why and what it costs an import: docs/decisions/006-contacts-search.md.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "contacts_search_trgm_idx" ON "contacts" USING gin ((lower(coalesce("first_name", '') || ' ' || coalesce("last_name", '')
  || ' ' || coalesce("first_name", '') || ' ' || coalesce("work_email", '')
  || ' ' || coalesce("personal_email", '') || ' ' || coalesce("other_email", '')
  || ' ' || coalesce("work_phone", '') || ' ' || coalesce("cell_phone", '')
  || ' ' || coalesce("home_phone", '') || ' ' || coalesce("other_phone", ''))) gin_trgm_ops);
