import { recordAudit } from '../../../../db/queries/audit';
import { isUploadUsedByJob, setUploadSheet } from '../../../../db/queries/upload-sheets';
import { defineOperation } from '../../../actions/operation';
import { DomainError, notFound } from '../../../actions/result';
import { uploadErrorKey, UploadRejection } from '../errors';
import { findOwnUpload, findVisibleUpload } from '../find-upload';
import { readUploadBytes } from '../read-upload';
import { CACHED_PREVIEW_ROWS, rememberPreview } from './preview-cache';
import { chooseSheetSchema } from './schemas';
import { checkWorkbook } from './workbook-records';

const PREVIEW_ROWS = 10;
const inUse = () => new DomainError('uploads.errors.sheetInUse', 409);

/**
 * Reads another sheet of an uploaded workbook: the stored file is checked again on that sheet
 * (header, rows, sizes), and the upload then names it, with its header and row count. Only the
 * uploader may (who else may see the upload gets 403), and only while no job uses the upload
 * (409): a job reads the sheet the upload names. A sheet the checks refuse leaves the upload as
 * it was (422, the same codes as a refused file).
 */
export const chooseUploadSheet = defineOperation({
  name: 'chooseUploadSheet',
  permission: 'externalContacts:importCsvUpload:add',
  input: chooseSheetSchema,
  async run({ id, sheetName }, ctx) {
    const upload = await findOwnUpload(ctx.db, ctx, id);
    if (!upload) {
      if (await findVisibleUpload(ctx.db, ctx, id)) throw new DomainError('errors.forbidden', 403);
      throw notFound();
    }
    if (upload.status !== 'ready' || upload.format !== 'xlsx') throw new DomainError('uploads.errors.notWorkbook', 409);
    if (!(upload.sheetNames ?? []).includes(sheetName)) throw new DomainError('uploads.errors.unknownSheet', 422, 'sheetName', { sheetName });
    if (await isUploadUsedByJob(ctx.db, id)) throw inUse();
    let facts;
    try {
      facts = await checkWorkbook(
        { pieces: readUploadBytes(ctx.db, id), sizeBytes: upload.sizeBytes, sheetName }, { previewRows: CACHED_PREVIEW_ROWS },
      );
    } catch (error) {
      if (!(error instanceof UploadRejection)) throw error;
      throw new DomainError(uploadErrorKey(error.code), 422, 'sheetName', error.params);
    }
    rememberPreview(id, sheetName, facts.firstRows);
    if (!await setUploadSheet(ctx.db, id, ctx.user.id, facts)) throw inUse();
    await recordAudit(ctx.db, {
      actorUserId: ctx.user.id, action: 'upload.sheet', targetType: 'upload', targetId: id,
      details: { sheetName, rowCount: facts.rowCount },
    });
    return {
      id, fileName: upload.fileName, sizeBytes: upload.sizeBytes, format: 'xlsx' as const, sheetName, sheetNames: facts.sheetNames,
      headers: facts.headers, rowCount: facts.rowCount, rows: facts.firstRows.slice(0, PREVIEW_ROWS),
    };
  },
});
