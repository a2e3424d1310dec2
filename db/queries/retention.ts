import { sql } from 'drizzle-orm';
import type { AppDatabase } from '../client';
import { queryRows } from '../client';

// What retention deletes, in small batches (each its own transaction, so a long backlog never
// holds a lock for long). Every batch first locks its upload rows with `for update skip locked`,
// then checks again, in a second statement (a fresh snapshot), that no job needs the file: starting
// a job and retrying one lock the upload `for share` (lib/import/jobs/lifecycle.ts), so either they wait
// for the batch and then see the file gone, or the batch skips the upload and sees their job.

const ENDED = sql`('completed', 'failed', 'cancelled')`;

/**
 * Deletes up to `limit` uploads older than `createdBefore` that no job uses (never started, or
 * refused), their chunks with them. Returns their ids.
 */
export async function deleteUnusedUploads(db: AppDatabase, createdBefore: Date, limit: number): Promise<string[]> {
  return db.transaction(async (tx) => {
    const locked = await queryRows<{ id: string }>(tx, sql`
      select u.id from uploads u
      where u.created_at < ${createdBefore.toISOString()}
        and not exists (select 1 from import_jobs j where j.upload_id = u.id)
      order by u.created_at limit ${limit}
      for update of u skip locked`);
    if (locked.length === 0) return [];
    const ids = locked.map((row) => row.id);
    const deleted = await queryRows<{ id: string }>(tx, sql`
      delete from uploads u
      where u.id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})
        and not exists (select 1 from import_jobs j where j.upload_id = u.id)
      returning u.id`);
    return deleted.map((row) => row.id);
  });
}

/**
 * Deletes the content (chunks) of up to `limit` files whose jobs all ended (completed, failed or
 * cancelled) before `finishedBefore`, and marks the uploads `file_deleted_at`: the upload row, the
 * job's counters, error log and change records stay. A file one of whose jobs is created, running
 * or ended more recently is kept. Returns the upload ids.
 */
export async function deleteFinishedJobFiles(db: AppDatabase, finishedBefore: Date, limit: number): Promise<string[]> {
  const cutoff = finishedBefore.toISOString();
  const stillNeeded = sql`exists (select 1 from import_jobs j where j.upload_id = u.id
    and (j.status not in ${ENDED} or j.finished_at is null or j.finished_at >= ${cutoff}))`;
  return db.transaction(async (tx) => {
    const locked = await queryRows<{ id: string }>(tx, sql`
      select u.id from uploads u
      where u.file_deleted_at is null
        and exists (select 1 from import_jobs j where j.upload_id = u.id)
        and not ${stillNeeded}
      order by u.created_at limit ${limit}
      for update of u skip locked`);
    if (locked.length === 0) return [];
    const ids = sql.join(locked.map((row) => sql`${row.id}::uuid`), sql`, `);
    const marked = await queryRows<{ id: string }>(tx, sql`
      update uploads u set file_deleted_at = now()
      where u.id in (${ids}) and u.file_deleted_at is null and not ${stillNeeded}
      returning u.id`);
    if (marked.length === 0) return [];
    await tx.execute(sql`delete from upload_chunks where upload_id in (${
      sql.join(marked.map((row) => sql`${row.id}::uuid`), sql`, `)})`);
    return marked.map((row) => row.id);
  });
}

/** Deletes up to `limit` sign-in attempts made before `before` (they count towards no limit any more). */
export async function deleteSignInAttemptsBefore(db: AppDatabase, before: Date, limit: number): Promise<number> {
  const rows = await queryRows<{ id: string }>(db, sql`
    delete from sign_in_attempts where id in (
      select id from sign_in_attempts where created_at < ${before.toISOString()} limit ${limit})
    returning id`);
  return rows.length;
}

/**
 * Bytes of a user's files still in storage: accepted uploads whose content was not deleted (a
 * workbook with its readable form), plus what uploads still being received have written so far.
 */
export async function storedUploadBytes(db: AppDatabase, userId: string): Promise<number> {
  const [row] = await queryRows<{ bytes: string | number | null }>(db, sql`
    select (
      coalesce((select sum(size_bytes + readable_bytes) from uploads
        where uploaded_by = ${userId} and status = 'ready' and file_deleted_at is null), 0)
      + coalesce((select sum(octet_length(c.data)) from upload_chunks c join uploads u on u.id = c.upload_id
        where u.uploaded_by = ${userId} and u.status = 'receiving'), 0)
    )::bigint as bytes`);
  return Number(row?.bytes ?? 0);
}
