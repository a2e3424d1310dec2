'use server';

import { revalidatePath } from 'next/cache';
import { runAsCurrentUser } from '@/lib/actions/bind';
import { cancelImportJob, continueImportJob, getImportJob, retryImportJob, revertImportJob } from '@/lib/import/jobs/operations';

// Thin on purpose: each operation checks the permission, the job's visibility and its input.

/** Polled by the validation and import steps while a job runs. */
export async function getImportJobAction(input: unknown) {
  return runAsCurrentUser(getImportJob, input);
}

/**
 * No revalidatePath: it would render the validation page again into this response, while the
 * import it just started holds the database; the caller goes on to the import page instead.
 */
export async function continueImportJobAction(input: unknown) {
  return runAsCurrentUser(continueImportJob, input);
}

export async function cancelImportJobAction(input: unknown) {
  const result = await runAsCurrentUser(cancelImportJob, input);
  if (result.ok) revalidatePath('/imports', 'layout');
  return result;
}

export async function retryImportJobAction(input: unknown) {
  const result = await runAsCurrentUser(retryImportJob, input);
  if (result.ok) revalidatePath('/imports', 'layout');
  return result;
}

export async function revertImportJobAction(input: unknown) {
  const result = await runAsCurrentUser(revertImportJob, input);
  if (result.ok) revalidatePath('/imports', 'layout');
  return result;
}
