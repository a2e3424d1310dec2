import { z } from 'zod';
import { LOAD_TYPES } from '../import-profiles/schemas';

// The JSON the validation workbench's endpoints answer (decision 008), as zod schemas: the
// OpenAPI document is generated from them and the API tests parse real answers with them.

const timestamp = z.iso.datetime({ offset: true });
const count = z.number().int();
const params = z.record(z.string(), z.union([z.string(), z.number()]));
const actor = z.object({ id: z.uuid(), name: z.string() }).nullable().describe('Who did it; null once the user is deleted');

export const FIX_OPERATION_KINDS = ['cell', 'exclude', 'include', 'setValue', 'replace', 'trim', 'changeCase', 'undo'] as const;
const ROW_STATES = ['invalid', 'fixed', 'excluded'] as const;

export const workbenchCountsSchema = z.object({
  rowsInFile: count, validRows: count.describe('Fixed rows included'), invalidRows: count,
  fixedRows: count.describe('Rows edited since validation that are now valid'), excludedRows: count,
  fixVersion: count.describe('Raised by every fix; the projection is computed at one'),
});

export const workbenchRowSchema = z.object({
  line: count.describe('The line in the file (the header is line 1)'),
  cells: z.array(z.string()).describe('The row as it will be imported'),
  original: z.array(z.string()).nullable().describe('The row as read; null when it was never edited'),
  state: z.enum(ROW_STATES),
  errors: z.array(z.object({ column: z.string().nullable(), code: z.string(), params: params.nullable() }))
    .describe('The errors the row has now (none once fixed)'),
  truncated: z.boolean().describe('The row is wider than the stored cap: it cannot be fixed here (jobs.fixes.rowTooWide)'),
});

export const workbenchPageSchema = z.object({
  headers: z.array(z.string()),
  rows: z.array(workbenchRowSchema),
  total: count.describe('Rows matching the filter'),
  nextAfter: count.nullable().describe('Pass as `after` for the next page; null on the last one'),
  facets: z.object({
    codes: z.array(z.object({ code: z.string(), count })),
    columns: z.array(z.object({ column: z.string(), count })),
  }).describe('Among the rows still invalid: how many have each error code, each column in error'),
  counts: workbenchCountsSchema,
  editable: z.boolean().describe('Whether the job takes fixes now (validated, no bulk fix running) and the caller may fix'),
});

export const fixedRowSchema = z.object({ row: workbenchRowSchema, counts: workbenchCountsSchema });

export const fixOperationSchema = z.object({
  id: z.uuid(),
  kind: z.enum(FIX_OPERATION_KINDS),
  filter: z.record(z.string(), z.unknown()).describe('The rows it applies to: { code?, column?, state?, lines? }'),
  params: z.record(z.string(), z.unknown()).describe('What it does: { column, value }, { column, find, replace }, { column, to }...'),
  status: z.enum(['queued', 'running', 'applied', 'failed']),
  targetRows: count.describe('The rows it was expected to change when asked (the preview)'),
  changedRows: count,
  actor,
  createdAt: timestamp,
  finishedAt: timestamp.nullable(),
  undoneAt: timestamp.nullable(),
  undoes: z.uuid().nullable().describe('For an undo: the operation it undoes'),
  errorCode: z.string().nullable(),
  undoable: z.boolean(),
});

export const fixOperationAnswerSchema = z.object({ operation: fixOperationSchema });
export const fixOperationListSchema = z.object({ items: z.array(fixOperationSchema).describe('Newest first') });
export const bulkFixPreviewSchema = z.object({ rows: count.describe('The rows the fix would change') });
export const bulkFixAnswerSchema = z.union([fixOperationAnswerSchema, bulkFixPreviewSchema]);

export const fixRecordListSchema = z.object({
  items: z.array(z.object({
    id: count, operationId: z.uuid(), line: count,
    column: z.string().nullable().describe('null for the exclusion or inclusion of the whole row'),
    kind: z.enum(FIX_OPERATION_KINDS), before: z.string().nullable(), after: z.string().nullable(), actor, createdAt: timestamp,
  })),
  total: count,
});

const contactSample = z.object({ contactId: count.nullable(), line: count.nullable(), name: z.string(), email: z.string().nullable() });

export const projectionSchema = z.object({
  status: z.enum(['none', 'running', 'done', 'failed']),
  stale: z.boolean().describe('Computed before the latest fix: a new one follows'),
  fixVersion: count,
  progress: z.object({ done: count, total: count }),
  counts: z.object({
    inserted: count, updated: count, merged: count, unchanged: count, deleted: count, skipped: count, failed: count, dropped: count,
  }),
  samples: z.object({
    created: z.array(contactSample),
    updated: z.array(z.object({
      contactId: count, line: count.nullable(), name: z.string(),
      changes: z.array(z.object({ field: z.string(), before: z.string().nullable(), after: z.string().nullable() })),
    })),
    merged: z.array(z.object({
      line: count.nullable(),
      survivor: z.object({ contactId: count, name: z.string() }),
      absorbed: z.array(z.object({ contactId: count, name: z.string() })),
    })),
    deleted: z.array(contactSample),
    dropped: z.array(contactSample),
  }),
  errorCode: z.string().nullable(),
  loadType: z.enum(LOAD_TYPES),
});
