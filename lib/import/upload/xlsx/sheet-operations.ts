import { randomInt } from 'node:crypto';
import { recordAudit } from '../../../../db/queries/audit';
import { storedUploadBytes } from '../../../../db/queries/retention';
import { deleteUploadPart, setUploadSheet } from '../../../../db/queries/upload-sheets';
import { isUploadInUse } from '../../../../db/queries/uploads';
import { defineOperation } from '../../../actions/operation';
import { DomainError } from '../../../actions/result';
import { uploadErrorKey, UploadRejection } from '../errors';
import { findOwnUploadOrRefuse } from '../find-upload';
import { readUploadBytes } from '../read-upload';
import { toMegabytes, uploadQuotaBytes } from '../limits';
import { FIRST_READABLE_PART, ReadableFormWriter } from './readable-csv';
import { chooseSheetSchema } from './schemas';
import { checkWorkbook } from './workbook-records';

const PREVIEW_ROWS = 10;
const inUse = () => new DomainError('uploads.errors.sheetInUse', 409);

/**
 * Reads another sheet of an uploaded workbook: the stored file is checked again on that sheet
 * (header, rows, sizes) while the sheet is written as its new readable form (UTF-8 CSV, what the
 * later passes read), and the upload then names it, with its header, row count and form. Only the
 * uploader may (who else may see the upload gets 403), and only while no job uses the upload
 * (409): a job reads the sheet the upload names. A sheet the checks refuse leaves the upload as
 * it was (422, the same codes as a refused file).
 */
export const chooseUploadSheet = defineOperation({
  name: 'chooseUploadSheet',
  permission: 'externalContacts:importCsvUpload:add',
  input: chooseSheetSchema,
  async run({ id, sheetName }, ctx) {
    const upload = await findOwnUploadOrRefuse(ctx.db, ctx, id);
    if (upload.status !== 'ready' || upload.format !== 'xlsx') throw new DomainError('uploads.errors.notWorkbook', 409);
    if (!(upload.sheetNames ?? []).includes(sheetName)) throw new DomainError('uploads.errors.unknownSheet', 422, 'sheetName', { sheetName });
    if (await isUploadInUse(ctx.db, id)) throw inUse();
    // The sheet's readable form goes to a part of its own, the previous one still in place: the
    // upload points at it only once it is complete (setUploadSheet, which deletes the previous).
    const quota = uploadQuotaBytes();
    const used = await storedUploadBytes(ctx.db, ctx.user.id) - upload.readableBytes; // the form being replaced
    const readable = new ReadableFormWriter(ctx.db, id, randomInt(FIRST_READABLE_PART + 1, 2 ** 31 - 1), {
      maxBytes: () => quota - used,
      tooLarge: () => new UploadRejection('quotaExceeded', { quotaMb: toMegabytes(quota), usedMb: toMegabytes(used) }),
    });
    let facts;
    try {
      facts = await checkWorkbook(
        { pieces: readUploadBytes(ctx.db, id), sizeBytes: upload.sizeBytes, sheetName },
        { previewRows: PREVIEW_ROWS, onRow: (row) => readable.row(row) },
      );
      const readableBytes = await readable.finish();
      if (!await setUploadSheet(ctx.db, id, ctx.user.id, { ...facts, readablePart: readable.part, readableBytes }, upload.readablePart)) {
        throw inUse();
      }
    } catch (error) {
      await readable.abort();
      await deleteUploadPart(ctx.db, id, readable.part);
      if (!(error instanceof UploadRejection)) throw error;
      throw new DomainError(uploadErrorKey(error.code), 422, 'sheetName', error.params);
    }
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
