CREATE TABLE "job_change_counts" (
	"job_id" uuid NOT NULL,
	"action" text NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "job_change_counts_job_id_action_pk" PRIMARY KEY("job_id","action")
);
--> statement-breakpoint
CREATE TABLE "job_created_contacts" (
	"job_id" uuid NOT NULL,
	"first_id" bigint NOT NULL,
	"last_id" bigint NOT NULL,
	CONSTRAINT "job_created_contacts_job_id_first_id_pk" PRIMARY KEY("job_id","first_id")
);
--> statement-breakpoint
DROP INDEX "job_contact_changes_job_idx";--> statement-breakpoint
ALTER TABLE "job_change_counts" ADD CONSTRAINT "job_change_counts_job_id_import_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."import_jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_created_contacts" ADD CONSTRAINT "job_created_contacts_job_id_import_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."import_jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "job_contact_changes_job_idx" ON "job_contact_changes" USING btree ("job_id","id");--> statement-breakpoint
-- Why: a contact a job created needs no before-image. Its change record (one row, one index
-- entry, per new contact) becomes a run of ids per batch; existing jobs' records are folded into
-- runs (consecutive ids of a job) and removed.
INSERT INTO "job_created_contacts" ("job_id", "first_id", "last_id")
SELECT "job_id", min("contact_id"), max("contact_id") FROM (
  SELECT "job_id", "contact_id", "contact_id" - row_number() OVER (PARTITION BY "job_id" ORDER BY "contact_id") AS run
  FROM (SELECT DISTINCT "job_id", "contact_id" FROM "job_contact_changes" WHERE "action" = 'inserted') d
) s
WHERE EXISTS (SELECT 1 FROM "import_jobs" j WHERE j."id" = s."job_id")
GROUP BY "job_id", run;
--> statement-breakpoint
DELETE FROM "job_contact_changes" WHERE "action" = 'inserted';
--> statement-breakpoint
INSERT INTO "job_change_counts" ("job_id", "action", "count")
SELECT r."job_id", r."action", count(*) FROM "job_contact_changes" r
WHERE EXISTS (SELECT 1 FROM "import_jobs" j WHERE j."id" = r."job_id")
GROUP BY r."job_id", r."action";
--> statement-breakpoint
-- The counts follow every statement that writes change records (the engine, a drop-and-insert's
-- deletions, anything else), once per statement: the job page reads a few rows instead of
-- counting up to a million records on every view while the import runs.
CREATE FUNCTION job_change_counts_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO job_change_counts (job_id, action, count)
  SELECT n.job_id, n.action, count(*) FROM new_rows n GROUP BY n.job_id, n.action
  ON CONFLICT (job_id, action) DO UPDATE SET count = job_change_counts.count + excluded.count;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION job_change_counts_remove() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE job_change_counts k SET count = k.count - o.n
  FROM (SELECT job_id, action, count(*) AS n FROM old_rows GROUP BY job_id, action) o
  WHERE k.job_id = o.job_id AND k.action = o.action;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER job_contact_changes_tally_inserted AFTER INSERT ON job_contact_changes REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION job_change_counts_add();
--> statement-breakpoint
CREATE TRIGGER job_contact_changes_tally_deleted AFTER DELETE ON job_contact_changes REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION job_change_counts_remove();
