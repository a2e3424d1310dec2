'use server';

import { revalidatePath } from 'next/cache';
import { runAsCurrentUser } from '@/lib/actions/bind';
import { deleteImportProfile, duplicateImportProfile, updateImportProfile } from '@/lib/import-profiles/operations';

// Thin on purpose: each operation checks the permission and parses the input itself.

export async function updateImportProfileAction(input: unknown) {
  const result = await runAsCurrentUser(updateImportProfile, input);
  if (result.ok) revalidatePath('/import-profiles', 'layout');
  return result;
}

export async function duplicateImportProfileAction(input: unknown) {
  const result = await runAsCurrentUser(duplicateImportProfile, input);
  if (result.ok) revalidatePath('/import-profiles');
  return result;
}

/**
 * No revalidatePath: it would render the page the call came from, the deleted profile's, into
 * the response (a 404 in the console). The caller goes on to the list, which is rendered fresh.
 */
export async function deleteImportProfileAction(input: unknown) {
  return runAsCurrentUser(deleteImportProfile, input);
}
