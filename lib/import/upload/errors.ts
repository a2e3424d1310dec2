/** Why a file was refused; each code has a message `uploads.errors.<code>` taking `params`. */
export const UPLOAD_ERROR_CODES = [
  'fileTooLarge', // { maxMb }
  'invalidUtf8', // { line }
  'emptyFile',
  'missingHeader',
  'emptyHeaderName', // { column } (1-based)
  'invalidHeaderCharacter', // { column } (1-based): a name holds NUL, which PostgreSQL cannot store
  'duplicateHeader', // { name }
  'noDataRows',
  'recordTooLong', // { line, maxKb }
  'incompleteUpload', // { receivedBytes, expectedBytes }
  'quotaExceeded', // { quotaMb, usedMb }: the user's files in storage would pass UPLOAD_QUOTA_BYTES
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
