/**
 * The first rows of recently checked workbook sheets, kept by the process that checked them. A
 * CSV's preview reads the file's first kilobytes; a workbook's needs its shared strings, which
 * Excel writes after the sheets: the whole file. The wizard asks for the preview several times
 * (upload step, settings step, each change of mapping), so the rows read by the upload's check
 * are kept here. A miss (another process, an evicted entry) reads the file again.
 */
const MAX_ENTRIES = 32;
/** Rows kept per sheet: what the largest preview asks (GET /uploads/{id}/preview?rows=100). */
export const CACHED_PREVIEW_ROWS = 100;
/** Sheets whose first rows are larger than this are not kept (a row may reach 1 MB): 16 MB at most in all. */
const MAX_ENTRY_CHARS = 256 * 1024;

const cache = new Map<string, string[][]>();

const keyOf = (uploadId: string, sheetName: string) => `${uploadId}\u0000${sheetName}`;

export function rememberPreview(uploadId: string, sheetName: string, rows: string[][]): void {
  let chars = 0;
  for (const row of rows) for (const cell of row) chars += cell.length;
  if (chars > MAX_ENTRY_CHARS) return;
  const key = keyOf(uploadId, sheetName);
  cache.delete(key);
  cache.set(key, rows);
  while (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
}

/** Up to `count` first rows, when the cache has them (it holds them all when the sheet has fewer). */
export function cachedPreview(uploadId: string, sheetName: string, count: number): string[][] | undefined {
  const rows = cache.get(keyOf(uploadId, sheetName));
  if (!rows || (rows.length < count && rows.length >= CACHED_PREVIEW_ROWS)) return undefined;
  return rows.slice(0, count);
}
