import { recordAudit } from '../../../db/queries/audit';
import { setUploadReading } from '../../../db/queries/upload-encoding';
import { isUploadInUse } from '../../../db/queries/uploads';
import { defineOperation } from '../../actions/operation';
import { DomainError, notFound } from '../../actions/result';
import { encodingOf, isTextEncoding, type TextEncoding } from './encoding/encodings';
import { readStoredUploadAs } from './encoding/reread-upload';
import { UploadRejection, uploadErrorKey, type UploadErrorCode } from './errors';
import { findOwnUploadOrRefuse, findVisibleUpload } from './find-upload';
import { toMegabytes, uploadMaxBytes } from './limits';
import { previewUpload } from './read-upload';
import { uploadCsvSchema, uploadIdSchema, uploadPreviewSchema, uploadRereadSchema } from './schemas';
import { storeUpload, type Upload } from './store-upload';
import { isImportFileName, isXlsFileName } from './xlsx/detect-format';

export interface UploadSummary {
  id: string;
  fileName: string;
  sizeBytes: number;
  sha256: string | null;
  separator: string | null;
  hasBom: boolean;
  headers: string[];
  rowCount: number;
  /** The encoding the file is read in (null: a refused file, or a workbook), and the one detection found (null: given). */
  encoding: TextEncoding | null;
  detectedEncoding: TextEncoding | null;
  /** 'xlsx': a workbook, read from its sheet `sheetName`, one of `sheetNames` (its visible sheets). */
  format: 'csv' | 'xlsx';
  sheetName: string | null;
  sheetNames: string[] | null;
}

function toSummary(upload: Upload): UploadSummary {
  return {
    id: upload.id, fileName: upload.fileName, sizeBytes: upload.sizeBytes, sha256: upload.sha256,
    separator: upload.separator, hasBom: upload.hasBom, headers: upload.headers ?? [], rowCount: upload.rowCount ?? 0,
    encoding: isTextEncoding(upload.encoding) ? upload.encoding : null,
    detectedEncoding: isTextEncoding(upload.detectedEncoding) ? upload.detectedEncoding : null,
    format: upload.format === 'xlsx' ? 'xlsx' : 'csv', sheetName: upload.sheetName, sheetNames: upload.sheetNames,
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
  async run({ fileName, body, declaredBytes, contentType, encoding }, { db, user }) {
    if (isXlsFileName(fileName)) throw fileError('xlsNotSupported');
    if (!isImportFileName(fileName)) throw new DomainError('uploads.errors.notCsv', 400, 'fileName');
    // A form post would store its multipart envelope as the file.
    if (contentType && /^multipart\//i.test(contentType)) {
      throw new DomainError('uploads.errors.unsupportedContentType', 415);
    }
    const maxBytes = uploadMaxBytes();
    if (declaredBytes !== undefined && declaredBytes > maxBytes) throw fileError('fileTooLarge', { maxMb: toMegabytes(maxBytes) });
    const upload = await storeUpload(db, { fileName, userId: user.id, body, maxBytes, expectedBytes: declaredBytes, encoding });
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

/**
 * Reads a ready upload again in another encoding and keeps that reading (encoding, separator,
 * header, row count) for the rest of the import. The uploader's alone, like the wizard's draft:
 * anyone else who may see the upload is refused (403), anyone who may not, 404; and only while no
 * job uses it (409), since a job reads the file in the upload's encoding. A file that is not text
 * in the encoding is refused with its line (422) and the previous reading stays.
 */
export const rereadCsvUpload = defineOperation({
  name: 'rereadCsvUpload',
  permission: 'externalContacts:importCsvUpload:add',
  input: uploadRereadSchema,
  async run({ id, encoding }, ctx) {
    const upload = await findOwnUploadOrRefuse(ctx.db, ctx, id);
    if (upload.status !== 'ready') throw new DomainError('wizardUpload.errors.uploadNotReady', 409);
    // A workbook's cells are text already: it has no encoding to choose.
    if (upload.format !== 'csv') throw new DomainError('uploads.errors.encodingNotApplicable', 409);
    const inUse = () => new DomainError('uploads.errors.inUse', 409);
    if (await isUploadInUse(ctx.db, id)) throw inUse();
    let facts;
    try {
      facts = await readStoredUploadAs(ctx.db, id, encoding);
    } catch (error) {
      if (error instanceof UploadRejection) throw fileError(error.code, error.params);
      throw error;
    }
    const headersChanged = JSON.stringify(facts.headers) !== JSON.stringify(upload.headers ?? []);
    const saved = await setUploadReading(ctx.db, id, ctx.user.id, {
      encoding, separator: facts.separator, hasBom: facts.hasBom, headers: facts.headers, rowCount: facts.rowCount,
    }, headersChanged);
    if (!saved) throw inUse();
    await recordAudit(ctx.db, {
      actorUserId: ctx.user.id, action: 'upload.reread', targetType: 'upload', targetId: id,
      details: { from: encodingOf(upload.encoding), to: encoding, rowCount: facts.rowCount },
    });
    return toSummary({
      ...upload, encoding, separator: facts.separator, hasBom: facts.hasBom, headers: facts.headers, rowCount: facts.rowCount,
    });
  },
});
