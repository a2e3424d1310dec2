ALTER TABLE "users" ADD COLUMN "job_emails" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "import_jobs" ADD COLUMN "skipped" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "import_jobs" ADD COLUMN "repeated_rows" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "import_profiles" ADD COLUMN "encoding" text;--> statement-breakpoint
ALTER TABLE "import_profiles" ADD COLUMN "unmatched_rows" text DEFAULT 'create' NOT NULL;--> statement-breakpoint
ALTER TABLE "import_profiles" ADD COLUMN "matched_rows" text DEFAULT 'update' NOT NULL;--> statement-breakpoint
ALTER TABLE "import_profiles" ADD COLUMN "notify_emails" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "job_row_errors" ADD COLUMN "severity" text DEFAULT 'error' NOT NULL;--> statement-breakpoint
ALTER TABLE "uploads" ADD COLUMN "format" text DEFAULT 'csv' NOT NULL;--> statement-breakpoint
ALTER TABLE "uploads" ADD COLUMN "sheet_name" text;--> statement-breakpoint
ALTER TABLE "uploads" ADD COLUMN "sheet_names" jsonb;--> statement-breakpoint
ALTER TABLE "uploads" ADD COLUMN "detected_encoding" text;