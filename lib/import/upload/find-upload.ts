import { and, eq, exists, or, type SQL } from 'drizzle-orm';
import type { AppDatabase } from '../../../db/client';
import { importJobs, uploads } from '../../../db/schema';
import type { Actor } from '../../actions/operation';
import { DomainError, notFound } from '../../actions/result';
import { jobVisibility } from '../jobs/job-view';
import type { Upload } from './store-upload';

/**
 * Which uploads a caller may see: their own, and those a job they may see used (the job pages'
 * rule: their own jobs where they hold importJob:view, every job of the divisions where they hold
 * importJob:viewAll). An upload has no division of its own, so until a job puts it in one only its
 * uploader sees it: importJob:viewAll in one division shows nothing of another's files.
 */
export function visibleUploads(db: AppDatabase, actor: Actor): SQL | undefined {
  return or(
    eq(uploads.uploadedBy, actor.user.id),
    exists(db.select({ id: importJobs.id }).from(importJobs)
      .where(and(eq(importJobs.uploadId, uploads.id), jobVisibility(actor, 'read')))),
  );
}

/** An upload the caller may see, or undefined: one they may not reads as "not found". */
export async function findVisibleUpload(db: AppDatabase, actor: Actor, id: string): Promise<Upload | undefined> {
  const [upload] = await db.select().from(uploads).where(and(eq(uploads.id, id), visibleUploads(db, actor)));
  return upload;
}

/**
 * An upload the caller uploaded, or undefined. What is written on an upload (the wizard's draft)
 * is its uploader's alone, whoever else may see it.
 */
export async function findOwnUpload(db: AppDatabase, actor: Actor, id: string): Promise<Upload | undefined> {
  const [upload] = await db.select().from(uploads).where(and(eq(uploads.id, id), eq(uploads.uploadedBy, actor.user.id)));
  return upload;
}

/**
 * The caller's own upload, for an operation that writes on it (the wizard's draft, another
 * encoding, another sheet): anyone else who may see the upload is refused (403), anyone who may
 * not finds nothing (404).
 */
export async function findOwnUploadOrRefuse(db: AppDatabase, actor: Actor, id: string): Promise<Upload> {
  const upload = await findOwnUpload(db, actor, id);
  if (upload) return upload;
  if (await findVisibleUpload(db, actor, id)) throw new DomainError('errors.forbidden', 403);
  throw notFound();
}
