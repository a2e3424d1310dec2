CREATE TABLE "job_revert_conflicts" (
	"job_id" uuid NOT NULL,
	"contact_id" bigint NOT NULL,
	"action" text NOT NULL,
	CONSTRAINT "job_revert_conflicts_job_id_contact_id_pk" PRIMARY KEY("job_id","contact_id")
);
--> statement-breakpoint
ALTER TABLE "import_jobs" ADD COLUMN "write_times" timestamp with time zone[] DEFAULT '{}'::timestamptz[] NOT NULL;--> statement-breakpoint
ALTER TABLE "import_jobs" ADD COLUMN "reverted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "import_jobs" ADD COLUMN "reverted_by" uuid;--> statement-breakpoint
ALTER TABLE "import_jobs" ADD COLUMN "revert_summary" jsonb;--> statement-breakpoint
ALTER TABLE "job_contact_changes" ADD COLUMN "moved_external_ids" jsonb;--> statement-breakpoint
ALTER TABLE "job_revert_conflicts" ADD CONSTRAINT "job_revert_conflicts_job_id_import_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."import_jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_jobs" ADD CONSTRAINT "import_jobs_reverted_by_users_id_fk" FOREIGN KEY ("reverted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;