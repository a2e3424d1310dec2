/**
 * What a file is, from its first bytes and its name. A workbook is recognised by its content, so a
 * renamed file is read for what it is: an .xlsx is a zip archive; an .xls (Excel 97-2003), and
 * also a password-protected .xlsx (Office encrypts the zip into one), is an OLE compound file.
 */
export type DetectedFormat =
  | { kind: 'csv' }
  | { kind: 'xlsx' }
  | { kind: 'refused'; code: 'xlsNotSupported' | 'workbookEncrypted' | 'invalidWorkbook' };

/** Bytes needed to tell: the longest signature. */
export const FORMAT_MAGIC_BYTES = 8;

const ZIP = [0x50, 0x4b, 0x03, 0x04]; // PK\3\4: a local file header, the first thing in a zip
const EMPTY_ZIP = [0x50, 0x4b, 0x05, 0x06]; // an archive with no entries
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const startsWith = (bytes: Uint8Array, magic: readonly number[]) =>
  bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);

export function isXlsxFileName(name: string): boolean {
  return /\.xlsx$/i.test(name.trim());
}

export function isXlsFileName(name: string): boolean {
  return /\.xls$/i.test(name.trim());
}

/**
 * The format of a file from its first `FORMAT_MAGIC_BYTES` bytes (fewer when the file is that
 * short) and its name. A name ending in .xlsx whose content is no workbook is a broken workbook,
 * not a CSV; a .csv that is in fact a workbook is read as one.
 */
export function detectFileFormat(firstBytes: Uint8Array, fileName: string): DetectedFormat {
  if (startsWith(firstBytes, OLE)) {
    return { kind: 'refused', code: isXlsxFileName(fileName) ? 'workbookEncrypted' : 'xlsNotSupported' };
  }
  if (isXlsFileName(fileName)) return { kind: 'refused', code: 'xlsNotSupported' };
  if (startsWith(firstBytes, ZIP)) return { kind: 'xlsx' };
  if (isXlsxFileName(fileName)) return { kind: 'refused', code: 'invalidWorkbook' };
  if (startsWith(firstBytes, EMPTY_ZIP)) return { kind: 'refused', code: 'invalidWorkbook' };
  return { kind: 'csv' };
}

/** Whether a file name is one the import takes: `.csv` or `.xlsx`, in any case. */
export function isImportFileName(name: string): boolean {
  return /\.(csv|xlsx)$/i.test(name.trim());
}
