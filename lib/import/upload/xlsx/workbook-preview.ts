import { cachedPreview, CACHED_PREVIEW_ROWS, rememberPreview } from './preview-cache';
import { parseWorkbookRecords } from './workbook-records';

export interface StoredWorkbook {
  id: string;
  sizeBytes: number;
  sheetName: string | null;
}

/**
 * The first `rows` data rows of a stored workbook's sheet: from the preview cache, or read again
 * (the whole file when its shared strings come last, see preview-cache.ts) and kept.
 */
export async function previewWorkbookRows(
  upload: StoredWorkbook, rows: number, pieces: () => AsyncIterable<Uint8Array>,
): Promise<string[][]> {
  if (rows <= 0) return [];
  const sheetName = upload.sheetName ?? '';
  const cached = cachedPreview(upload.id, sheetName, rows);
  if (cached) return cached;
  const first: string[][] = [];
  for await (const record of parseWorkbookRecords({ pieces: pieces(), sizeBytes: upload.sizeBytes, sheetName: upload.sheetName })) {
    first.push(record.cells);
    if (first.length >= CACHED_PREVIEW_ROWS) break;
  }
  rememberPreview(upload.id, sheetName, first);
  return first.slice(0, rows);
}
