import { eq } from 'drizzle-orm';
import type { AppDatabase } from '../../../../db/client';
import { importJobs, uploads } from '../../../../db/schema';
import type { ImportSettings } from '../../rows/types';

export interface JobContext {
  id: string;
  divisionId: string;
  settings: ImportSettings;
  requestedBy: string | null;
  onBehalfOf: string | null;
  lastCommittedLine: number;
  validRows: number;
  /** The upload, with what its content is read by (`parseUploadRecords`). */
  upload: {
    id: string; headers: string[]; separator: string; encoding: string | null; rowCount: number;
    /** A workbook (xlsx) is read from its sheet `sheetName`. */
    format: string; sheetName: string | null; sizeBytes: number;
    /** A workbook's readable form (its sheet as CSV), read instead of the workbook. */
    readablePart: number | null;
  };
}

/** Everything a step needs to know about its job, read once. */
export async function loadJobContext(db: AppDatabase, jobId: string): Promise<JobContext> {
  const [job] = await db.select().from(importJobs).where(eq(importJobs.id, jobId)).limit(1);
  if (!job) throw new Error(`import job ${jobId} not found`);
  if (!job.uploadId) throw new Error(`import job ${jobId} has no upload`);
  const [upload] = await db.select().from(uploads).where(eq(uploads.id, job.uploadId)).limit(1);
  if (!upload || upload.status !== 'ready') throw new Error(`upload of import job ${jobId} is not ready`);
  return {
    id: job.id,
    divisionId: job.divisionId,
    settings: job.profileSnapshot as ImportSettings,
    requestedBy: job.requestedBy,
    onBehalfOf: job.onBehalfOf,
    lastCommittedLine: job.lastCommittedLine,
    validRows: job.validRows,
    upload: {
      id: upload.id, headers: upload.headers ?? [], separator: upload.separator ?? ',', encoding: upload.encoding,
      rowCount: upload.rowCount ?? 0,
      format: upload.format, sheetName: upload.sheetName, sizeBytes: upload.sizeBytes, readablePart: upload.readablePart,
    },
  };
}
