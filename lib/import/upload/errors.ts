/** Why a file was refused; each code has a message `uploads.errors.<code>` taking `params`. */
export const UPLOAD_ERROR_CODES = [
  'fileTooLarge', // { maxMb }
  'invalidUtf8', // { line }: read as UTF-8 (a UTF-8 BOM, or UTF-8 chosen), a byte is not UTF-8
  'invalidEncoding', // { line, encoding }: read in the chosen encoding, a byte is not text in it
  'unknownEncoding', // { line }: not UTF-8, and not Windows-1252 either (nor ISO-8859-1/-15, stricter still)
  'emptyFile',
  'missingHeader',
  'emptyHeaderName', // { column } (1-based)
  'invalidHeaderCharacter', // { column } (1-based): a name holds NUL, which PostgreSQL cannot store
  'duplicateHeader', // { name }
  'noDataRows',
  'recordTooLong', // { line, maxKb }
  'incompleteUpload', // { receivedBytes, expectedBytes }
  'quotaExceeded', // { quotaMb, usedMb }: the user's files in storage would pass UPLOAD_QUOTA_BYTES
  'xlsNotSupported', // an Excel 97-2003 workbook (.xls): saved as .xlsx or CSV, it is read
  'workbookEncrypted', // a password-protected .xlsx
  'invalidWorkbook', // an .xlsx that cannot be read: not a zip, cut short, parts missing or broken
  'workbookTooLarge', // { maxMb }: unzipped, it passes what may be read (a zip bomb), or one row is huge
] as const;

export type UploadErrorCode = (typeof UPLOAD_ERROR_CODES)[number];
export type UploadErrorParams = Record<string, string | number>;

/** A file refused by a check: expected, reported to the user, never logged as a fault. */
export class UploadRejection extends Error {
  constructor(readonly code: UploadErrorCode, readonly params: UploadErrorParams = {}) {
    super(`upload rejected: ${code}`);
    this.name = 'UploadRejection';
  }
}

export function uploadErrorKey(code: UploadErrorCode): string {
  return `uploads.errors.${code}`;
}
