import { z } from 'zod';
import type { JobStatus, JobStep } from '../../../db/schema';
import { pagingFields } from '../../paging';

export const JOB_STATUSES = ['created', 'running', 'completed', 'failed', 'cancelled'] as const satisfies readonly JobStatus[];
export const JOB_STEPS = ['validating', 'validated', 'importing'] as const satisfies readonly JobStep[];

/** A calendar day written YYYY-MM-DD that exists (no 2024-02-30). */
function isCalendarDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [year, month, day] = value.split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** An IANA time zone this runtime knows ("Europe/Paris"). */
function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

// A GET form sends every field, the unused ones empty: an empty value means "no filter".
const unsetWhenEmpty = <T>(value: T | '' | undefined) => (value === '' ? undefined : value);

const day = z.string().trim()
  .refine((value) => value === '' || isCalendarDay(value), 'importsList.errors.invalidDate')
  .optional().transform(unsetWhenEmpty);

/**
 * The filters of the Imports page, as its URL carries them (and the REST API's job list): every
 * field optional. The days are inclusive, read in `timeZone` (the server's own when unset).
 */
export const importJobListSchema = z.object({
  description: z.string().trim().max(200, 'errors.tooLong').optional().transform(unsetWhenEmpty),
  status: z.enum([...JOB_STATUSES, ''], { error: 'importsList.errors.invalidStatus' }).optional().transform(unsetWhenEmpty),
  step: z.enum([...JOB_STEPS, ''], { error: 'importsList.errors.invalidStep' }).optional().transform(unsetWhenEmpty),
  createdFrom: day,
  createdTo: day,
  timeZone: z.string().trim().max(100, 'errors.tooLong')
    .refine((value) => value === '' || isTimeZone(value), 'importsList.errors.invalidTimeZone')
    .optional().transform(unsetWhenEmpty),
  ...pagingFields,
}).refine(
  ({ createdFrom, createdTo }) => !createdFrom || !createdTo || createdFrom <= createdTo,
  { path: ['createdTo'], message: 'importsList.errors.dateRange' },
);
export type ImportJobListInput = z.input<typeof importJobListSchema>;
export type ImportJobListFilters = z.output<typeof importJobListSchema>;

/** The names of the fields that narrow the list (paging and the time zone do not). */
export const JOB_LIST_FILTERS = ['description', 'status', 'step', 'createdFrom', 'createdTo'] as const;
