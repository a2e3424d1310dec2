import { recordAudit } from '../../../db/queries/audit';
import { defineOperation } from '../../actions/operation';
import { DomainError, notFound } from '../../actions/result';
import { uploadErrorKey, type UploadErrorCode } from './errors';
import { findVisibleUpload } from './find-upload';
import { toMegabytes, uploadMaxBytes } from './limits';
import { previewUpload } from './read-upload';
import { uploadCsvSchema, uploadIdSchema, uploadPreviewSchema, isCsvFileName } from './schemas';
import { storeUpload, type Upload } from './store-upload';

export interface UploadSummary {
  id: string;
  fileName: string;
  sizeBytes: number;
  sha256: string | null;
  separator: string | null;
  hasBom: boolean;
  headers: string[];
  rowCount: number;
}

function toSummary(upload: Upload): UploadSummary {
  return {
    id: upload.id, fileName: upload.fileName, sizeBytes: upload.sizeBytes, sha256: upload.sha256,
    separator: upload.separator, hasBom: upload.hasBom, headers: upload.headers ?? [], rowCount: upload.rowCount ?? 0,
  };
}

const fileError = (code: UploadErrorCode, params?: Record<string, string | number>) =>
  new DomainError(uploadErrorKey(code), code === 'fileTooLarge' || code === 'quotaExceeded' ? 413 : 422, undefined, params);

/**
 * Receives a CSV file as a stream. Runs only once the permission held and the input parsed, so
 * not one byte is stored for a caller who may not upload. A refused file answers 413 (too large)
 * or 422 (`uploads.errors.<code>`), and leaves a 'rejected' upload row without content.
 */
export const uploadCsvFile = defineOperation({
  name: 'uploadCsvFile',
  permission: 'externalContacts:importCsvUpload:add',
  input: uploadCsvSchema,
  async run({ fileName, body, declaredBytes, contentType }, { db, user }) {
    if (!isCsvFileName(fileName)) throw new DomainError('uploads.errors.notCsv', 400, 'fileName');
    // A form post would store its multipart envelope as the file.
    if (contentType && /^multipart\//i.test(contentType)) {
      throw new DomainError('uploads.errors.unsupportedContentType', 415);
    }
    const maxBytes = uploadMaxBytes();
    if (declaredBytes !== undefined && declaredBytes > maxBytes) throw fileError('fileTooLarge', { maxMb: toMegabytes(maxBytes) });
    const upload = await storeUpload(db, { fileName, userId: user.id, body, maxBytes, expectedBytes: declaredBytes });
    const rejected = upload.status === 'rejected';
    await recordAudit(db, {
      actorUserId: user.id, action: rejected ? 'upload.reject' : 'upload.create', targetType: 'upload', targetId: upload.id,
      details: { fileName, sizeBytes: upload.sizeBytes, rowCount: upload.rowCount, errorCode: upload.errorCode },
    });
    if (rejected) throw fileError(upload.errorCode as UploadErrorCode, upload.errorParams ?? undefined);
    return toSummary(upload);
  },
});

/**
 * An upload's facts, its status and, when refused, why: the caller's own, or one a job they may
 * see used (lib/import/upload/find-upload.ts); any other is "not found".
 */
export const getCsvUpload = defineOperation({
  name: 'getCsvUpload',
  permission: 'externalContacts:importCsvUpload:view',
  input: uploadIdSchema,
  async run({ id }, ctx) {
    const upload = await findVisibleUpload(ctx.db, ctx, id);
    if (!upload) throw notFound();
    const error = upload.errorCode
      ? { key: uploadErrorKey(upload.errorCode as UploadErrorCode), params: upload.errorParams ?? {} }
      : null;
    return { ...toSummary(upload), status: upload.status, createdAt: upload.createdAt, error };
  },
});

/** The header and first rows (10 unless asked) of a ready upload the caller may see. */
export const previewCsvUpload = defineOperation({
  name: 'previewCsvUpload',
  permission: 'externalContacts:importCsvUpload:view',
  input: uploadPreviewSchema,
  async run({ id, rows }, ctx) {
    const upload = await findVisibleUpload(ctx.db, ctx, id);
    const preview = upload && await previewUpload(ctx.db, id, rows);
    if (!upload || !preview) throw notFound();
    return { id, fileName: upload.fileName, sizeBytes: upload.sizeBytes, hasBom: upload.hasBom, ...preview };
  },
});
