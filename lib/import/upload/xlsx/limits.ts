/**
 * What a workbook may expand to once unzipped, in all: 64 times its size, and at least 256 MB.
 * Real workbooks expand 5 to 15 times (XML compresses well); a zip bomb expands a thousand times.
 * This bounds the reading time and the temporary copy of a sheet (see workbook-rows.ts).
 */
export function maxExpandedBytes(fileBytes: number): number {
  return Math.max(256 * 1024 * 1024, 64 * fileBytes);
}
