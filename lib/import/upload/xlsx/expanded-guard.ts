import { Transform, type TransformCallback } from 'node:stream';
import { UploadRejection } from '../errors';

/** The most XML one row of a sheet may take: far more than any contact row, few enough to hold. */
export const MAX_ROW_XML_BYTES = 16 * 1024 * 1024;

/** What a workbook may expand to when unzipped, in all: a bound on reading time and temp disk. */
export interface ExpandedBudget {
  maxBytes: number;
  used: number;
}

const ROW_START = Buffer.from('<row');
const SHEET_DATA_END = Buffer.from('</sheetData>');
const CARRY = SHEET_DATA_END.length - 1;

/**
 * Passes an unzipped part through, counting its bytes against the workbook's budget: a zip bomb
 * (a small file expanding to gigabytes) is refused instead of read for hours. For a sheet it also
 * bounds one row's XML, since exceljs builds a whole row before handing it over.
 */
export class ExpandedGuard extends Transform {
  private sinceRow = 0;
  private inRows = true;
  private tail: Buffer = Buffer.alloc(0);

  constructor(private readonly budget: ExpandedBudget, private readonly sheet: boolean) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.budget.used += chunk.length;
    if (this.budget.used > this.budget.maxBytes) {
      callback(new UploadRejection('workbookTooLarge', { maxMb: Math.floor(this.budget.maxBytes / (1024 * 1024)) }));
      return;
    }
    if (this.sheet && this.inRows) {
      const text = this.tail.length ? Buffer.concat([this.tail, chunk]) : chunk;
      if (text.indexOf(SHEET_DATA_END) !== -1) this.inRows = false;
      const start = text.lastIndexOf(ROW_START);
      this.sinceRow = start === -1 ? this.sinceRow + chunk.length : text.length - start;
      this.tail = text.subarray(Math.max(0, text.length - CARRY));
      if (this.inRows && this.sinceRow > MAX_ROW_XML_BYTES) {
        callback(new UploadRejection('workbookTooLarge', { maxMb: Math.floor(this.budget.maxBytes / (1024 * 1024)) }));
        return;
      }
    }
    callback(null, chunk);
  }
}
