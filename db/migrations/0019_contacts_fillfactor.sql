-- Half of each new contacts page is left free, so that an import updating a contact (a re-import's
-- changed fields, a second source's external ID with the modification time) writes the new
-- version on the same page as a HOT update: no new entry in any of the table's ten indexes,
-- the trigram search index's eighty-odd included. Why and what it costs: docs/decisions/005-indexes.md.
-- Pages already written keep their fill until rewritten.
ALTER TABLE "contacts" SET (fillfactor = 50);
