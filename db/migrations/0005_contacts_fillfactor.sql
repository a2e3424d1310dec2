-- Room on every page of contacts for the new version of an updated row: an update that changes
-- no indexed column then stays on its page (a HOT update) and none of the ten indexes is
-- touched. Re-imports update contacts in bulk; a full page forces every index to grow.
ALTER TABLE "contacts" SET (fillfactor = 80);
