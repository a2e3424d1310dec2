ALTER TABLE "contact_external_ids" DROP CONSTRAINT "contact_external_ids_contact_id_contacts_id_fk";
--> statement-breakpoint
ALTER TABLE "contact_external_ids" DROP CONSTRAINT "contact_external_ids_source_id_external_sources_id_fk";
--> statement-breakpoint
ALTER TABLE "contacts" DROP CONSTRAINT "contacts_division_id_divisions_id_fk";
--> statement-breakpoint
ALTER TABLE "job_contact_changes" DROP CONSTRAINT "job_contact_changes_job_id_import_jobs_id_fk";
--> statement-breakpoint
-- Why: a foreign key checks every inserted row with a query of its own. On a COPY into contacts
-- that was 9 us of a row's 29 us, and imports write these four references in bulk (contacts,
-- their external IDs, the job's change records). They are now checked once per statement, with
-- the guarantees of the constraints they replace: the referenced rows are locked FOR KEY SHARE as
-- a foreign key locks them, a missing one raises 23503 (foreign_key_violation), and deleting a
-- referenced row cascades, or is refused, as before. Arguments: child column, parent table,
-- parent column.
CREATE FUNCTION reference_check_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  absent bigint;
  missing text;
BEGIN
  -- Counts, not an anti-join: the planner knows nothing of the CTEs' sizes and picked a nested
  -- loop over them (2 s for 5,000 rows). Referenced keys are unique, so the counts tell.
  EXECUTE format(
    'WITH wanted AS MATERIALIZED (SELECT DISTINCT n.%1$I AS key FROM new_rows n WHERE n.%1$I IS NOT NULL),
          locked AS MATERIALIZED (SELECT p.%3$I FROM %2$I p WHERE p.%3$I = ANY (ARRAY(SELECT key FROM wanted)) FOR KEY SHARE OF p)
     SELECT (SELECT count(*) FROM wanted) - (SELECT count(*) FROM locked)',
    TG_ARGV[0], TG_ARGV[1], TG_ARGV[2]) INTO absent;
  IF absent > 0 THEN
    EXECUTE format('SELECT n.%1$I::text FROM new_rows n WHERE n.%1$I IS NOT NULL
                      AND NOT EXISTS (SELECT 1 FROM %2$I p WHERE p.%3$I = n.%1$I) LIMIT 1',
      TG_ARGV[0], TG_ARGV[1], TG_ARGV[2]) INTO missing;
    RAISE foreign_key_violation USING
      MESSAGE = format('insert or update on table "%s" violates its reference to "%s"', TG_TABLE_NAME, TG_ARGV[1]),
      DETAIL = format('Key (%s)=(%s) is not present in table "%s".', TG_ARGV[0], missing, TG_ARGV[1]),
      TABLE = TG_TABLE_NAME, COLUMN = TG_ARGV[0];
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- The same check for one row whose reference an UPDATE changed (rare: bulk writes insert).
CREATE FUNCTION reference_check_updated() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  key text;
  present boolean;
BEGIN
  EXECUTE format('SELECT ($1).%I::text', TG_ARGV[0]) USING NEW INTO key;
  IF key IS NULL THEN RETURN NULL; END IF;
  EXECUTE format('SELECT true FROM %I p WHERE p.%I = ($1).%I FOR KEY SHARE OF p', TG_ARGV[1], TG_ARGV[2], TG_ARGV[0])
    USING NEW INTO present;
  IF present IS NULL THEN
    RAISE foreign_key_violation USING
      MESSAGE = format('insert or update on table "%s" violates its reference to "%s"', TG_TABLE_NAME, TG_ARGV[1]),
      DETAIL = format('Key (%s)=(%s) is not present in table "%s".', TG_ARGV[0], key, TG_ARGV[1]),
      TABLE = TG_TABLE_NAME, COLUMN = TG_ARGV[0];
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Parent side, ON DELETE CASCADE. Arguments: child table, child column, parent column.
CREATE FUNCTION reference_cascade_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('DELETE FROM %I c WHERE c.%I = ANY (ARRAY(SELECT o.%I FROM old_rows o))', TG_ARGV[0], TG_ARGV[1], TG_ARGV[2]);
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Parent side, ON DELETE NO ACTION: refused while a row refers to it. Same arguments.
CREATE FUNCTION reference_restrict_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  referenced text;
BEGIN
  EXECUTE format('SELECT c.%I::text FROM %I c WHERE c.%I = ANY (ARRAY(SELECT o.%I FROM old_rows o)) LIMIT 1',
    TG_ARGV[1], TG_ARGV[0], TG_ARGV[1], TG_ARGV[2]) INTO referenced;
  IF referenced IS NOT NULL THEN
    RAISE foreign_key_violation USING
      MESSAGE = format('update or delete on table "%s" violates the reference from "%s"', TG_TABLE_NAME, TG_ARGV[0]),
      DETAIL = format('Key (%s)=(%s) is still referenced from table "%s".', TG_ARGV[2], referenced, TG_ARGV[0]),
      TABLE = TG_TABLE_NAME;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- A referenced key never changes (the constraints refused it while referenced; these keys are never updated).
CREATE FUNCTION reference_refuse_key_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE foreign_key_violation USING
    MESSAGE = format('the key of table "%s" cannot change: other tables refer to it', TG_TABLE_NAME),
    TABLE = TG_TABLE_NAME;
END $$;
--> statement-breakpoint
CREATE TRIGGER contacts_division_reference AFTER INSERT ON contacts REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION reference_check_inserted('division_id', 'divisions', 'id');
--> statement-breakpoint
CREATE TRIGGER contacts_division_reference_update AFTER UPDATE OF division_id ON contacts
  FOR EACH ROW WHEN (OLD.division_id IS DISTINCT FROM NEW.division_id)
  EXECUTE FUNCTION reference_check_updated('division_id', 'divisions', 'id');
--> statement-breakpoint
CREATE TRIGGER divisions_referenced_by_contacts AFTER DELETE ON divisions REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION reference_restrict_deleted('contacts', 'division_id', 'id');
--> statement-breakpoint
CREATE TRIGGER divisions_key_referenced BEFORE UPDATE OF id ON divisions
  FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION reference_refuse_key_change();
--> statement-breakpoint
CREATE TRIGGER contact_external_ids_contact_reference AFTER INSERT ON contact_external_ids REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION reference_check_inserted('contact_id', 'contacts', 'id');
--> statement-breakpoint
CREATE TRIGGER contact_external_ids_contact_reference_update AFTER UPDATE OF contact_id ON contact_external_ids
  FOR EACH ROW WHEN (OLD.contact_id IS DISTINCT FROM NEW.contact_id)
  EXECUTE FUNCTION reference_check_updated('contact_id', 'contacts', 'id');
--> statement-breakpoint
CREATE TRIGGER contact_external_ids_source_reference AFTER INSERT ON contact_external_ids REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION reference_check_inserted('source_id', 'external_sources', 'id');
--> statement-breakpoint
CREATE TRIGGER contact_external_ids_source_reference_update AFTER UPDATE OF source_id ON contact_external_ids
  FOR EACH ROW WHEN (OLD.source_id IS DISTINCT FROM NEW.source_id)
  EXECUTE FUNCTION reference_check_updated('source_id', 'external_sources', 'id');
--> statement-breakpoint
CREATE TRIGGER contacts_external_ids_cascade AFTER DELETE ON contacts REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION reference_cascade_deleted('contact_external_ids', 'contact_id', 'id');
--> statement-breakpoint
CREATE TRIGGER contacts_key_referenced BEFORE UPDATE OF id ON contacts
  FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION reference_refuse_key_change();
--> statement-breakpoint
CREATE TRIGGER external_sources_external_ids_cascade AFTER DELETE ON external_sources REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION reference_cascade_deleted('contact_external_ids', 'source_id', 'id');
--> statement-breakpoint
CREATE TRIGGER external_sources_key_referenced BEFORE UPDATE OF id ON external_sources
  FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION reference_refuse_key_change();
--> statement-breakpoint
CREATE TRIGGER job_contact_changes_job_reference AFTER INSERT ON job_contact_changes REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION reference_check_inserted('job_id', 'import_jobs', 'id');
--> statement-breakpoint
CREATE TRIGGER job_contact_changes_job_reference_update AFTER UPDATE OF job_id ON job_contact_changes
  FOR EACH ROW WHEN (OLD.job_id IS DISTINCT FROM NEW.job_id)
  EXECUTE FUNCTION reference_check_updated('job_id', 'import_jobs', 'id');
--> statement-breakpoint
CREATE TRIGGER import_jobs_changes_cascade AFTER DELETE ON import_jobs REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION reference_cascade_deleted('job_contact_changes', 'job_id', 'id');
--> statement-breakpoint
CREATE TRIGGER import_jobs_key_referenced BEFORE UPDATE OF id ON import_jobs
  FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION reference_refuse_key_change();
