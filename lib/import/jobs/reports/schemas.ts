import { z } from 'zod';
import { LOCALES } from '../../../i18n/config';

/** The validation log shows the first 500 errors (SPEC section 7); the full list is the CSV report. */
export const ERROR_PAGE_SIZE = 500;
/** The validation log on a job's pages shows its first ERROR_PAGE_SIZE errors this many at a time. */
export const ERROR_LOG_PAGE_SIZE = 100;
export const CHANGE_PAGE_SIZE_MAX = 200;
export const ROW_ERROR_SEVERITIES = ['error', 'warning'] as const;
export const CHANGE_ACTIONS = ['inserted', 'updated', 'merged', 'deleted'] as const;
export type ChangeAction = (typeof CHANGE_ACTIONS)[number];

const jobId = z.uuid('errors.invalidInput');
const page = z.coerce.number().int().min(1).default(1);
/** The caller's language for the messages; the saved one (else English) when absent. */
const locale = z.enum(LOCALES).optional();

export const jobErrorListSchema = z.object({
  jobId,
  page,
  pageSize: z.coerce.number().int().min(1).max(ERROR_PAGE_SIZE).default(ERROR_PAGE_SIZE),
  code: z.string().trim().min(1).max(100).optional(),
  /** Errors only, or warnings only (a repeated identifier); both when absent. */
  severity: z.enum(ROW_ERROR_SEVERITIES).optional(),
  locale,
});
export type JobErrorListInput = z.input<typeof jobErrorListSchema>;

export const jobErrorReportSchema = z.object({ jobId, locale });
export type JobErrorReportInput = z.input<typeof jobErrorReportSchema>;

export const jobChangeListSchema = z.object({
  jobId,
  page,
  pageSize: z.coerce.number().int().min(1).max(CHANGE_PAGE_SIZE_MAX).default(50),
  action: z.enum(CHANGE_ACTIONS).optional(),
});
export type JobChangeListInput = z.input<typeof jobChangeListSchema>;

export const revertConflictListSchema = z.object({
  jobId,
  page,
  pageSize: z.coerce.number().int().min(1).max(CHANGE_PAGE_SIZE_MAX).default(50),
});
export type RevertConflictListInput = z.input<typeof revertConflictListSchema>;
