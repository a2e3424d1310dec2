import { z } from 'zod';
import { defineOperation, executeOperation, type Operation, type OperationContext } from '../actions/operation';
import { DomainError } from '../actions/result';
import type { Permission } from '../auth/permissions';
import { listWorkbenchRows, previewBulkFix, startBulkFix } from '../import/fixes/operations';
import { bulkFixSchema, fixFilterSchema, listWorkbenchRowsSchema, type FixOperationView } from '../import/fixes/schemas';

// Two of the workbench's operations (lib/import/fixes/operations.ts) in the shape of an HTTP
// call: a query string is flat (`?code=&state=`, not a `filter` object), and one POST both
// counts (`preview`) and starts a bulk fix. Each runs the workbench's own operation through
// executeOperation, so its permission, division and input checks are exactly that operation's;
// its refusal is passed on as it is (code, status, field).

const READ: Permission[] = ['externalContacts:importJob:view', 'externalContacts:importJob:viewAll'];
const EDIT: Permission = 'externalContacts:importJob:edit';

async function runChecked<O>(operation: Operation<z.ZodType, O>, input: unknown, ctx: OperationContext): Promise<O> {
  const result = await executeOperation(operation, input, ctx);
  if (result.ok) return result.data;
  const [field] = Object.keys(result.fieldErrors ?? {});
  throw new DomainError(result.error.key, result.status, field, result.error.params);
}

const flatRowsSchema = listWorkbenchRowsSchema.omit({ filter: true }).extend(fixFilterSchema.shape);

/** GET /jobs/{id}/rows: listWorkbenchRows with its filter's fields in the query string. */
export const listWorkbenchRowsByQuery = defineOperation({
  name: 'listWorkbenchRowsByQuery',
  permission: READ,
  input: flatRowsSchema,
  run: ({ code, column, state, ...rest }, ctx) => runChecked(listWorkbenchRows, { ...rest, filter: { code, column, state } }, ctx),
});

const bulkFixCallSchema = bulkFixSchema.extend({
  preview: z.boolean().optional().describe('Count the rows the fix would change, and change nothing (also `?preview=1`)'),
});

/**
 * POST /jobs/{id}/fixes: with `preview`, previewBulkFix (reading the job is enough); else
 * startBulkFix (importJob:edit). Either permission lets the call through to the one it runs.
 */
export const previewOrStartBulkFix = defineOperation({
  name: 'previewOrStartBulkFix',
  permission: [...READ, EDIT],
  input: bulkFixCallSchema,
  async run({ preview, ...input }, ctx): Promise<{ rows: number } | { operation: FixOperationView }> {
    return preview ? runChecked(previewBulkFix, input, ctx) : runChecked(startBulkFix, input, ctx);
  },
});
