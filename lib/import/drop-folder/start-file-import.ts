import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import type { AppDatabase } from '../../../db/client';
import { divisions, importProfiles, uploads } from '../../../db/schema';
import { executeOperation, permissionsOf, type OperationContext } from '../../actions/operation';
import { hasPermission } from '../../auth/access';
import type { Permission } from '../../auth/permissions';
import { CONTACT_DELETE, contactPermissionsFor, uploadHeaders } from '../jobs/contact-writes';
import type { ActionResult } from '../../actions/result';
import { isTextEncoding } from '../upload/encoding/encodings';
import { uploadCsvFile } from '../upload/operations';
import { loadAutomationActor } from './automation-actor';
import { startDroppedFileImport } from './drop-folder-operations';
import { appendFileLog, writeFileRecord, type FileRecord } from './file-record';
import { IN_PROCESS, type ProfileFolder } from './profile-folders';
import { openDroppedFile } from './safe-paths';

/** Why a file is not imported: a stable code (the .err file) and the i18n key of its message. */
export interface FileRefusal {
  code: string;
  key: string;
  params?: Record<string, string | number>;
}

const refusal = (key: string, params?: Record<string, string | number>): FileRefusal =>
  ({ code: key.slice(key.lastIndexOf('.') + 1), key, params });

/**
 * Imports a file of InProcess/ as its profile's automation user: stored as an upload (the same
 * streaming store and checks as an upload from the browser), then a job with automatic continue.
 * Each step's result is written to the file's record before the next, so a restart picks up
 * where this stopped (an upload already stored is reused). Returns the job id, or why not.
 * Throws on a fault that is not the file's (database down): the file waits for the next scan.
 */
export async function startFileImport(
  db: AppDatabase, folder: ProfileFolder, fileName: string, record: FileRecord,
): Promise<{ jobId: string } | FileRefusal> {
  const inProcess = path.join(folder.dir, IN_PROCESS);
  const [profile] = folder.live
    ? await db.select().from(importProfiles).where(eq(importProfiles.id, folder.profileId))
    : [];
  if (!profile) return refusal('dropFolder.errors.profileNotFound');
  const actor = await loadAutomationActor(db, profile.automationUserId);
  if (!actor.ok) return refusal(`dropFolder.errors.${actor.code}`);
  const ctx = actor.ctx;
  const divisionId = profile.defaultDivisionId ?? await homeDivisionId(db);
  // Checked before reading the file: no point storing what this user may not import. What the
  // profile's load type needs is known now; a Deleted column of the file, once it is stored.
  const mayStart = lackingPermission(ctx, divisionId, [...permissionsOf(startDroppedFileImport),
    ...startDroppedFileImport.allOf ?? [], ...contactPermissionsFor(profile, [])]);
  if (mayStart) return mayStart;
  if (!profile.externalSourceId) return refusal('jobs.errors.profileWithoutSource');

  if (!record.uploadId || !await isReadyUploadOf(db, record.uploadId, ctx.user.id)) {
    // Not following a link, and only a regular file (lib/import/drop-folder/safe-paths.ts).
    const opened = await openDroppedFile(path.join(inProcess, fileName));
    if (opened === 'notRegularFile') return refusal('dropFolder.errors.notRegularFile');
    const { size } = opened;
    const stored = await executeOperation(uploadCsvFile, {
      fileName, body: opened.handle.createReadStream({ autoClose: false }), declaredBytes: size,
      // A profile may name its files' text encoding; else each file's is detected.
      encoding: isTextEncoding(profile.encoding) ? profile.encoding : undefined,
    }, ctx).finally(() => opened.handle.close());
    if (!stored.ok) return refusalOf(stored);
    record.uploadId = stored.data.id;
    await writeFileRecord(inProcess, fileName, record);
    await appendFileLog(inProcess, fileName,
      `stored as upload ${stored.data.id} by ${ctx.user.email}: ${size} bytes, ${stored.data.rowCount} rows`);
  }

  const mayImport = lackingPermission(ctx, divisionId, contactPermissionsFor(profile, await uploadHeaders(db, record.uploadId)));
  if (mayImport) return mayImport;
  const started = await executeOperation(startDroppedFileImport, {
    uploadId: record.uploadId, profileId: profile.id, divisionId, fileName, dropToken: record.token,
  }, ctx);
  if (!started.ok) return refusalOf(started);
  record.jobId = started.data.jobId;
  await writeFileRecord(inProcess, fileName, record);
  await appendFileLog(inProcess, fileName, `job ${started.data.jobId} started for profile "${profile.name}" `
    + `by ${ctx.user.email} in division ${divisionId}, continuing by itself after validation`);
  return { jobId: started.data.jobId };
}

/**
 * The first of the permissions the automation user lacks in the division, as a refusal naming
 * the user and the permission (the .err and .log of the file); contact:delete has its own code.
 */
function lackingPermission(ctx: OperationContext, divisionId: string, permissions: readonly Permission[]): FileRefusal | null {
  const missing = permissions.find((permission) => !hasPermission(ctx.access, permission, divisionId));
  if (!missing) return null;
  const params = { user: ctx.user.email, permission: missing };
  return refusal(missing === CONTACT_DELETE
    ? 'dropFolder.errors.automationUserMayNotDelete' : 'dropFolder.errors.automationUserLacksPermission', params);
}

function refusalOf(result: Extract<ActionResult<unknown>, { ok: false }>): FileRefusal {
  if (result.status >= 500) throw new Error(`the database refused the drop folder's import: ${result.error.key}`);
  return refusal(result.error.key, result.error.params);
}

async function isReadyUploadOf(db: AppDatabase, uploadId: string, userId: string): Promise<boolean> {
  const [upload] = await db.select({ id: uploads.id }).from(uploads)
    .where(and(eq(uploads.id, uploadId), eq(uploads.uploadedBy, userId), eq(uploads.status, 'ready')));
  return Boolean(upload);
}

async function homeDivisionId(db: AppDatabase): Promise<string> {
  const [home] = await db.select({ id: divisions.id }).from(divisions).where(eq(divisions.isHome, true));
  return home.id;
}
