DROP INDEX "contacts_work_email_idx";--> statement-breakpoint
DROP INDEX "contacts_personal_email_idx";--> statement-breakpoint
DROP INDEX "contacts_other_email_idx";--> statement-breakpoint
DROP INDEX "contacts_work_phone_idx";--> statement-breakpoint
DROP INDEX "contacts_cell_phone_idx";--> statement-breakpoint
DROP INDEX "contacts_home_phone_idx";--> statement-breakpoint
DROP INDEX "contacts_other_phone_idx";--> statement-breakpoint
CREATE INDEX "contacts_work_email_idx" ON "contacts" USING btree (lower("work_email")) WHERE "contacts"."work_email" is not null;--> statement-breakpoint
CREATE INDEX "contacts_personal_email_idx" ON "contacts" USING btree (lower("personal_email")) WHERE "contacts"."personal_email" is not null;--> statement-breakpoint
CREATE INDEX "contacts_other_email_idx" ON "contacts" USING btree (lower("other_email")) WHERE "contacts"."other_email" is not null;--> statement-breakpoint
CREATE INDEX "contacts_work_phone_idx" ON "contacts" USING btree ("work_phone") WHERE "contacts"."work_phone" is not null;--> statement-breakpoint
CREATE INDEX "contacts_cell_phone_idx" ON "contacts" USING btree ("cell_phone") WHERE "contacts"."cell_phone" is not null;--> statement-breakpoint
CREATE INDEX "contacts_home_phone_idx" ON "contacts" USING btree ("home_phone") WHERE "contacts"."home_phone" is not null;--> statement-breakpoint
CREATE INDEX "contacts_other_phone_idx" ON "contacts" USING btree ("other_phone") WHERE "contacts"."other_phone" is not null;