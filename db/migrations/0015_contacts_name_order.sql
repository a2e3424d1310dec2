DROP INDEX "contacts_last_name_idx";--> statement-breakpoint
CREATE INDEX "contacts_name_order_idx" ON "contacts" USING btree (lower("last_name"),lower("first_name"),"id");