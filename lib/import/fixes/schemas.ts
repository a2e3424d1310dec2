import { z } from 'zod';

// The validation workbench's inputs (decision 008). Browser-safe: the page's forms use them too.

/** The most characters a value typed into a cell or a bulk fix may have. */
export const FIX_VALUE_MAX = 10_000;
/** A column is named by its header as in the file (a header may be long, but not this long). */
const COLUMN_MAX = 1000;

export const FIX_STATES = ['invalid', 'fixed', 'excluded', 'all'] as const;
export type FixState = (typeof FIX_STATES)[number];

const optionalText = (max: number) => z.preprocess((value) => (value === '' || value === null ? undefined : value),
  z.string().max(max, 'errors.tooLong').optional());

/**
 * Which rows of the workbench: `code` and `column` select rows by an error they have now (both:
 * the same error); `state` 'invalid' (default) the rows that still fail, 'fixed' the rows a fix
 * made valid, 'excluded' the rows left out of the import, 'all' every one of them.
 */
export const fixFilterSchema = z.object({
  code: optionalText(100),
  column: optionalText(COLUMN_MAX),
  state: z.preprocess((value) => (value === '' || value === null ? undefined : value), z.enum(FIX_STATES).optional()),
});
export type FixFilter = z.output<typeof fixFilterSchema>;

const column = z.string().min(1, 'errors.required').max(COLUMN_MAX, 'errors.tooLong');
const value = z.string().max(FIX_VALUE_MAX, 'errors.tooLong');

export const fixActionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('setValue'), column, value }),
  z.object({ kind: z.literal('replace'), column, find: value.min(1, 'errors.required'), replace: value }),
  z.object({ kind: z.literal('trim'), column }),
  z.object({ kind: z.literal('changeCase'), column, to: z.enum(['upper', 'lower', 'title']) }),
  z.object({ kind: z.literal('exclude') }),
  z.object({ kind: z.literal('include') }),
]);
export type FixAction = z.output<typeof fixActionSchema>;

const jobId = z.uuid('errors.invalidInput');

export const listWorkbenchRowsSchema = z.object({
  jobId,
  filter: fixFilterSchema.optional(),
  /** Keyset: the rows after this line. */
  after: z.coerce.number().int().min(0).max(2_147_483_647).optional(),
  pageSize: z.coerce.number().int().min(1).max(100).default(50),
});

export const fixJobRowSchema = z.object({
  jobId,
  line: z.coerce.number().int().min(2).max(2_147_483_647),
  /** Column header (as in the file) -> the cell's new value. */
  values: z.record(column, value).optional()
    .refine((values) => !values || Object.keys(values).length <= 1000, 'errors.tooLong'),
  excluded: z.boolean().optional(),
});

export const bulkFixSchema = z.object({ jobId, filter: fixFilterSchema.optional(), action: fixActionSchema });

export const undoFixOperationSchema = z.object({ jobId, operationId: z.uuid('errors.invalidInput') });

export const listFixOperationsSchema = z.object({ jobId });

export const listJobFixesSchema = z.object({
  jobId,
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(50),
  line: z.coerce.number().int().min(2).max(2_147_483_647).optional(),
});

export type WorkbenchRowState = 'invalid' | 'fixed' | 'excluded';

export interface WorkbenchRowError {
  column: string | null;
  code: string;
  params: Record<string, string | number> | null;
}

export interface WorkbenchRow {
  line: number;
  cells: string[];
  /** The row as read, once it was edited; null for a row never edited. */
  original: string[] | null;
  state: WorkbenchRowState;
  errors: WorkbenchRowError[];
  /** Cut for storage (wider than IMPORT_ERROR_ROW_MAX_CHARS): it cannot be fixed in place. */
  truncated: boolean;
}

export interface WorkbenchCounts {
  rowsInFile: number;
  validRows: number;
  invalidRows: number;
  fixedRows: number;
  excludedRows: number;
  fixVersion: number;
}

export interface FixOperationView {
  id: string;
  kind: string;
  filter: Record<string, unknown>;
  params: Record<string, unknown>;
  status: string;
  targetRows: number;
  changedRows: number;
  actor: { id: string; name: string } | null;
  createdAt: string;
  finishedAt: string | null;
  undoneAt: string | null;
  undoes: string | null;
  errorCode: string | null;
  undoable: boolean;
}

export interface FixRecordView {
  id: number;
  operationId: string;
  line: number;
  column: string | null;
  kind: string;
  before: string | null;
  after: string | null;
  actor: { id: string; name: string } | null;
  createdAt: string;
}
