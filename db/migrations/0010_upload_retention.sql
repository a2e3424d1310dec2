ALTER TABLE "uploads" ADD COLUMN "file_deleted_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "import_jobs_upload_idx" ON "import_jobs" USING btree ("upload_id");--> statement-breakpoint
CREATE INDEX "uploads_uploaded_by_idx" ON "uploads" USING btree ("uploaded_by");--> statement-breakpoint
CREATE INDEX "uploads_created_idx" ON "uploads" USING btree ("created_at");