ALTER TABLE "upload_chunks" ADD COLUMN "part" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "upload_chunks" DROP CONSTRAINT "upload_chunks_upload_id_seq_pk";--> statement-breakpoint
ALTER TABLE "upload_chunks" ADD CONSTRAINT "upload_chunks_upload_id_part_seq_pk" PRIMARY KEY("upload_id","part","seq");--> statement-breakpoint
ALTER TABLE "uploads" ADD COLUMN "readable_part" integer;--> statement-breakpoint
ALTER TABLE "uploads" ADD COLUMN "readable_bytes" bigint DEFAULT 0 NOT NULL;
