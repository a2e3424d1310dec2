import { fixJobRow, listFixOperations, listJobFixes, undoFixOperation } from '../import/fixes/operations';
import { getJobProjection } from '../import/jobs/projection/operations';
import type { ApiCall, OperationEndpoint } from './endpoint';
import { listWorkbenchRowsByQuery, previewOrStartBulkFix } from './fix-operations';
import {
  bulkFixAnswerSchema, fixedRowSchema, fixOperationAnswerSchema, fixOperationListSchema, fixRecordListSchema, projectionSchema,
  workbenchPageSchema,
} from './responses-fixes';

// The validation workbench (decision 008, docs/api.md#fixing-rows-before-the-import): a validated
// job's failing rows, fixed one at a time or many at once, the history of the fixes and their undo.

const tag = 'Import jobs: fixing rows';
const jobPath = { id: 'jobId' };
const EDITABLE = 'Only while the job is at the step `validated` (not while a bulk fix runs, nor once it imports): '
  + 'else 409 `jobs.fixes.errors.notEditable`.';

/** `?preview=1` (or `true`) in the query string, as `"preview": true` in the body. */
const previewFromQuery = ({ request }: ApiCall) => {
  const preview = new URL(request.url).searchParams.get('preview');
  return preview === null ? {} : { preview: preview === '1' || preview === 'true' };
};

export const fixEndpoints = {
  listJobRows: {
    method: 'GET', path: '/jobs/{id}/rows', operationId: 'listJobRows', tag, operation: listWorkbenchRowsByQuery,
    request: 'query', pathFields: jobPath,
    summary: 'The rows that failed validation, and those fixed or excluded since, a page at a time',
    description: '`state`: `invalid` (the default: rows that still fail), `fixed` (rows a fix made valid), `excluded`, '
      + 'or `all`; `code` and `column` keep the rows with that error now. Pages by line: pass `nextAfter` as `after`. '
      + 'Each row has its cells as they will be imported, the row as read once edited (`original`), and its errors now.',
    response: workbenchPageSchema,
  },
  fixJobRow: {
    method: 'PATCH', path: '/jobs/{id}/rows/{line}', operationId: 'fixJobRow', tag, operation: fixJobRow,
    request: 'json', pathFields: jobPath,
    summary: 'Fix one row\'s cells, or exclude it from the import (or include it again)',
    description: '`values` maps column headers (as in the file) to new values; `excluded` leaves the row out of the '
      + 'import, or takes it back. Applied at once: the row is validated again with the import\'s rules and answers '
      + 'with its errors now, with the job\'s counts. A line that is not a workbench row answers 404, a column the '
      + 'file lacks 400 (`jobs.fixes.errors.unknownColumn`), a row cut for storage 409 (`jobs.fixes.errors.rowTooWide`). ' + EDITABLE,
    response: fixedRowSchema, extraStatuses: [409],
  },
  startBulkFix: {
    method: 'POST', path: '/jobs/{id}/fixes', operationId: 'startBulkFix', tag, operation: previewOrStartBulkFix,
    request: 'json', pathFields: jobPath, defaults: previewFromQuery,
    summary: 'A bulk fix over the rows of a filter, or (preview) how many rows it would change',
    description: '`filter` as for the rows (`code`, `column`, `state`); `action`: `setValue` (column, value), '
      + '`replace` (column, find, replace), `trim` (column), `changeCase` (column, to: upper, lower or title), '
      + '`exclude` or `include`. With `preview` (`"preview": true` or `?preview=1`) nothing changes and the answer is '
      + '`{ rows }`, the count of rows it would change; reading the job is enough. Else the fix is queued '
      + '(`{ operation }`): the job goes to the step `fixing`, then back to `validated` once every row is done; '
      + 'that needs importJob:edit. ' + EDITABLE,
    response: bulkFixAnswerSchema, extraStatuses: [409],
  },
  listJobFixes: {
    method: 'GET', path: '/jobs/{id}/fixes', operationId: 'listJobFixes', tag, operation: listJobFixes,
    request: 'query', pathFields: jobPath,
    summary: 'Every change the fixes made: line, column, value before and after, who and when, newest first',
    description: '`line` keeps one line\'s changes. An exclusion or inclusion has no column.',
    response: fixRecordListSchema,
  },
  listFixOperations: {
    method: 'GET', path: '/jobs/{id}/fix-operations', operationId: 'listFixOperations', tag, operation: listFixOperations,
    request: 'none', pathFields: jobPath,
    summary: 'The fixes asked for (cell edits, bulk fixes, undos), newest first, with their status and rows changed',
    response: fixOperationListSchema,
  },
  undoFixOperation: {
    method: 'POST', path: '/jobs/{id}/fix-operations/{operationId}/undo', operationId: 'undoFixOperation', tag,
    operation: undoFixOperation, request: 'none', pathFields: jobPath,
    summary: 'Undo a fix: put back each value it wrote, where the cell still holds it',
    description: 'Queued like a bulk fix (the job goes to the step `fixing`). A fix already undone, not applied yet, '
      + 'or that changed nothing answers 409 (`jobs.fixes.errors.notUndoable`). ' + EDITABLE,
    response: fixOperationAnswerSchema, extraStatuses: [409],
  },
  getJobProjection: {
    method: 'GET', path: '/jobs/{id}/projection', operationId: 'getJobProjection', tag, operation: getJobProjection,
    request: 'none', pathFields: jobPath,
    summary: 'What the import will do: counted by the import engine over the file with its fixes, never committed',
    description: 'Computed after the validation and after every round of fixes, in a transaction that is always rolled '
      + 'back: `counts` (inserted, updated, merged, unchanged, deleted, skipped, failed, dropped) and a few `samples` of '
      + 'each. `stale` while fixes made since are not in it (a new one follows); `none` before the first. It equals '
      + 'the counters of the import that follows when nothing else changes the contacts in between.',
    response: projectionSchema,
  },
} satisfies Record<string, OperationEndpoint>;
