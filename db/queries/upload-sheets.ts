import { and, eq, isNull, notExists } from 'drizzle-orm';
import type { AppDatabase } from '../client';
import { importJobs, uploadChunks, uploads } from '../schema';

export interface SheetFacts {
  sheetName: string;
  headers: string[];
  rowCount: number;
  /** The sheet's readable form, already written in full in this part, and its size. */
  readablePart: number;
  readableBytes: number;
}

/**
 * Points a ready workbook upload of `uploadedBy` at another of its sheets and its readable form,
 * only while no job uses the upload (a job reads what the upload names when it runs) and while
 * the upload still has the readable form `previousPart` (another choice made meanwhile wins).
 * In one transaction, the previous form's chunks go: the upload never reads a mix of two sheets.
 * The wizard's draft goes: its mapping named the other sheet's columns. Returns false when
 * nothing was changed (the new form is then the caller's to delete).
 */
export async function setUploadSheet(
  db: AppDatabase, uploadId: string, uploadedBy: string, facts: SheetFacts, previousPart: number | null,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const updated = await tx.update(uploads)
      .set({
        sheetName: facts.sheetName, headers: facts.headers, rowCount: facts.rowCount, wizardDraft: null,
        readablePart: facts.readablePart, readableBytes: facts.readableBytes,
      })
      .where(and(
        eq(uploads.id, uploadId), eq(uploads.uploadedBy, uploadedBy), eq(uploads.status, 'ready'), eq(uploads.format, 'xlsx'),
        previousPart === null ? isNull(uploads.readablePart) : eq(uploads.readablePart, previousPart),
        notExists(tx.select({ id: importJobs.id }).from(importJobs).where(eq(importJobs.uploadId, uploadId))),
      ))
      .returning({ id: uploads.id });
    if (updated.length === 0) return false;
    if (previousPart !== null) await deleteUploadPart(tx, uploadId, previousPart);
    return true;
  });
}

/** Deletes the chunks of one part of an upload (a readable form replaced or given up). */
export async function deleteUploadPart(db: AppDatabase, uploadId: string, part: number): Promise<void> {
  await db.delete(uploadChunks).where(and(eq(uploadChunks.uploadId, uploadId), eq(uploadChunks.part, part)));
}
