import { eq, sql } from 'drizzle-orm';
import type { AppDatabase } from '../../../db/client';
import { jobRowErrors } from '../../../db/schema';
import { parseUploadRecords } from '../upload/read-upload';
import { createRowValidator } from '../validate-row';
import type { RowError } from '../types';
import { loadJobContext } from './load-job';
import { yieldToEventLoop } from './event-loop';
import type { StepOptions, ValidationOutcome } from './step-contract';

const FLUSH_ROWS = Number(process.env.IMPORT_STAGE_BATCH ?? 5000);

/**
 * The dry run: every row is validated; failures are recorded with their line, column, code and
 * the row as read. Nothing else is written, so it can start over cleanly at any time.
 */
export async function validateJob(db: AppDatabase, jobId: string, options: StepOptions): Promise<ValidationOutcome> {
  const job = await loadJobContext(db, jobId);
  await db.delete(jobRowErrors).where(eq(jobRowErrors.jobId, jobId));
  const validate = createRowValidator(job.settings, job.upload.headers);
  let failed: { error: RowError; cells: readonly string[] }[] = [];
  const outcome: ValidationOutcome = { rowsInFile: 0, validRows: 0, invalidRows: 0 };

  const flush = async () => {
    if (failed.length > 0) {
      const records = failed.map(({ error, cells }) => ({
        line: error.line, column: error.column, code: error.code, params: error.params ?? null, row: cells,
      }));
      await db.execute(sql`insert into job_row_errors (job_id, line, "column", code, params, row)
        select ${jobId}, v.line, v.column, v.code, v.params, v.row
        from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as v(line int, "column" text, code text, params jsonb, row jsonb)`);
    }
    failed = [];
    await options.onProgress(outcome.rowsInFile, job.upload.rowCount);
    await yieldToEventLoop();
  };

  for await (const record of parseUploadRecords(db, job.upload.id, { separator: job.upload.separator })) {
    outcome.rowsInFile += 1;
    const result = validate(record.cells, record.line);
    if (result.ok) {
      outcome.validRows += 1;
    } else {
      outcome.invalidRows += 1;
      for (const error of result.errors) failed.push({ error, cells: record.cells });
    }
    if (failed.length >= FLUSH_ROWS || (outcome.rowsInFile % FLUSH_ROWS === 0)) {
      await flush();
      options.signal.throwIfAborted();
    }
  }
  await flush();
  return outcome;
}
