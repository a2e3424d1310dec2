import type { TextEncoding } from './encoding/encodings';
import { DetectingCheck, type ReadFacts } from './encoding/detecting-check';
import { FormatCheck } from './xlsx/format-check';
import type { WorkbookRow } from './xlsx/workbook-rows';

export type { ReadFacts } from './encoding/detecting-check';

/**
 * The checks a file goes through on its way in, fed each stored chunk in order. `finish` runs
 * once every chunk is stored; it may read the stored file again (`stored`), e.g. to check it in
 * another encoding. Both throw `UploadRejection` for a file the import refuses.
 */
export interface InboundCheck {
  push(chunk: Uint8Array): void;
  finish(stored: () => AsyncIterable<Uint8Array>): Promise<ReadFacts>;
}

export interface InboundCheckOptions {
  /** Read the file in this encoding instead of detecting one. */
  encoding?: TextEncoding;
  maxRecordBytes?: number;
}

/** The checks of a CSV file on its way in. */
export function createInboundCheck(options: InboundCheckOptions = {}): InboundCheck {
  return new DetectingCheck(options.encoding, options.maxRecordBytes);
}

/**
 * The one place that decides which checks a file gets on its way in: by its first bytes and name,
 * a workbook's (lib/import/upload/xlsx/format-check.ts), else a CSV's (`createInboundCheck`).
 */
export function createUploadCheck(
  options: InboundCheckOptions & { fileName: string; onWorkbookRow?: (row: WorkbookRow) => Promise<void> },
): FormatCheck<ReadFacts> {
  return new FormatCheck(options.fileName, createInboundCheck(options), options.onWorkbookRow);
}
