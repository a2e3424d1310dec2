import { eq, sql } from 'drizzle-orm';
import type { AppDatabase } from '../../../../db/client';
import { jobRowErrors } from '../../../../db/schema';
import { parseUploadRecords } from '../../upload/read-upload';
import { createRowValidator } from '../../rows/validate-row';
import { createRepeatedRowCheck } from '../../rows/repeated-rows';
import { errorRecords, errorRowMaxChars, type ErrorRecord } from './error-rows';
import { loadJobContext } from './load-job';
import { yieldToEventLoop } from './event-loop';
import type { StepOptions, ValidationOutcome } from './step-contract';
import { config } from '../../../config';

/** Stored characters pending before a write, whatever the number of errors (wide rows). */
const FLUSH_CHARS = 4 * 1024 * 1024;

/**
 * The dry run: every row is validated; failures are recorded with their line, column, code and
 * the row as read (once per line, cut to IMPORT_ERROR_ROW_MAX_CHARS: see error-rows.ts). Nothing
 * else is written, so it can start over cleanly at any time. What waits to be written is bounded
 * in errors and in characters, so wide rows full of errors validate in bounded memory.
 */
export async function validateJob(db: AppDatabase, jobId: string, options: StepOptions): Promise<ValidationOutcome> {
  const job = await loadJobContext(db, jobId);
  await db.delete(jobRowErrors).where(eq(jobRowErrors.jobId, jobId));
  const validate = createRowValidator(job.settings, job.upload.headers);
  // In memory only: a validation always starts over from line 1, so a restart rebuilds it.
  const checkRepeated = createRepeatedRowCheck(job.settings, job.upload.headers, job.upload.rowCount);
  const maxChars = errorRowMaxChars();
  const flushRows = config().IMPORT_STAGE_BATCH;
  let failed: ErrorRecord[] = [];
  let pendingChars = 0;
  const outcome: ValidationOutcome = { rowsInFile: 0, validRows: 0, invalidRows: 0, repeatedRows: 0 };

  const flush = async () => {
    if (failed.length > 0) {
      await db.execute(sql`insert into job_row_errors (job_id, line, "column", code, params, row, row_truncated, severity)
        select ${jobId}, v.line, v.column, v.code, v.params, v.row, v.row_truncated, coalesce(v.severity, 'error')
        from jsonb_to_recordset(${JSON.stringify(failed)}::jsonb)
          as v(line int, "column" text, code text, params jsonb, row jsonb, row_truncated boolean, severity text)`);
    }
    failed = [];
    pendingChars = 0;
    await options.onProgress(outcome.rowsInFile, job.upload.rowCount);
    await yieldToEventLoop();
  };

  for await (const record of parseUploadRecords(db, job.upload.id, job.upload)) {
    outcome.rowsInFile += 1;
    const result = validate(record.cells, record.line);
    if (result.ok) {
      outcome.validRows += 1;
      // A repeated identifier is a warning: the row stays valid and is applied in its turn.
      const repeated = checkRepeated(result.row);
      if (repeated) {
        outcome.repeatedRows += 1;
        const { records, chars } = errorRecords([repeated], record.cells, maxChars);
        for (const warning of records) failed.push({ ...warning, severity: 'warning' });
        pendingChars += chars;
      }
    } else {
      outcome.invalidRows += 1;
      const { records, chars } = errorRecords(result.errors, record.cells, maxChars);
      for (const error of records) failed.push(error);
      pendingChars += chars;
    }
    if (failed.length >= flushRows || pendingChars >= FLUSH_CHARS || (outcome.rowsInFile % flushRows === 0)) {
      await flush();
      options.signal.throwIfAborted();
    }
  }
  await flush();
  return outcome;
}
