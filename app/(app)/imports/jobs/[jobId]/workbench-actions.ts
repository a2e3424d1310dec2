'use server';

import { runAsCurrentUser } from '@/lib/actions/bind';
import {
  fixJobRow, listFixOperations, listWorkbenchRows, previewBulkFix, startBulkFix, undoFixOperation,
} from '@/lib/import/fixes/operations';
import { getJobProjection } from '@/lib/import/jobs/projection/operations';

// The validation workbench's calls (decision 008). Thin on purpose: each operation checks the
// permission, the job's visibility and state, and its input. No revalidatePath: the workbench
// reads again what it shows, and a bulk fix's page follows the job's step itself.

export async function listWorkbenchRowsAction(input: unknown) {
  return runAsCurrentUser(listWorkbenchRows, input);
}

export async function fixJobRowAction(input: unknown) {
  return runAsCurrentUser(fixJobRow, input);
}

export async function previewBulkFixAction(input: unknown) {
  return runAsCurrentUser(previewBulkFix, input);
}

export async function startBulkFixAction(input: unknown) {
  return runAsCurrentUser(startBulkFix, input);
}

export async function undoFixOperationAction(input: unknown) {
  return runAsCurrentUser(undoFixOperation, input);
}

export async function listFixOperationsAction(input: unknown) {
  return runAsCurrentUser(listFixOperations, input);
}

export async function getJobProjectionAction(input: unknown) {
  return runAsCurrentUser(getJobProjection, input);
}
