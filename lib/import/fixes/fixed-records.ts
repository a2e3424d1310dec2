import { and, asc, eq, gt } from 'drizzle-orm';
import type { AppDatabase } from '../../../db/client';
import { jobRowEdits } from '../../../db/schema';
import { parseUploadRecords, type UploadReading } from '../upload/read-upload';

/** Edits read per query: memory holds one page of them, whatever the number of fixes. */
const EDITS_PAGE = 1000;

export interface FixedRecord {
  line: number;
  /** The cells as they will be imported: the edit's when the line was fixed, else as read. */
  cells: string[];
  /** A person excluded the line: the import and the dry run skip it. */
  excluded: boolean;
  /** The line has an edit (fixed, excluded, or both). */
  edited: boolean;
}

export interface FixedRecordsJob {
  id: string;
  upload: UploadReading & { id: string };
}

interface EditRow { line: number; cells: string[]; excluded: boolean }

/**
 * The upload's records in line order with the job's fixes laid over them by line (decision 008):
 * the file stays as received, and every later pass reads it through here. Edits are read in pages
 * by keyset (line), between the file's own reads, so memory stays flat.
 */
export async function* readFixedRecords(db: AppDatabase, job: FixedRecordsJob): AsyncGenerator<FixedRecord> {
  let page: EditRow[] = [];
  let index = 0;
  let after = 0;
  let more = true;
  const nextEdit = async (): Promise<EditRow | undefined> => {
    if (index < page.length) return page[index];
    if (!more) return undefined;
    page = await db.select({ line: jobRowEdits.line, cells: jobRowEdits.cells, excluded: jobRowEdits.excluded })
      .from(jobRowEdits)
      .where(and(eq(jobRowEdits.jobId, job.id), gt(jobRowEdits.line, after)))
      .orderBy(asc(jobRowEdits.line)).limit(EDITS_PAGE);
    index = 0;
    more = page.length === EDITS_PAGE;
    if (page.length > 0) after = page[page.length - 1].line;
    return page[0];
  };
  let edit = await nextEdit();
  for await (const record of parseUploadRecords(db, job.upload.id, job.upload)) {
    // An edit for a line the file does not have (cannot happen: edits come from its errors) is passed by.
    while (edit && edit.line < record.line) {
      index += 1;
      edit = await nextEdit();
    }
    if (edit && edit.line === record.line) {
      yield { line: record.line, cells: edit.cells, excluded: edit.excluded, edited: true };
      index += 1;
      edit = await nextEdit();
    } else {
      yield { line: record.line, cells: record.cells, excluded: false, edited: false };
    }
  }
}
