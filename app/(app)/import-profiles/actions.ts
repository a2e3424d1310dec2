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

export async function deleteImportProfileAction(input: unknown) {
  const result = await runAsCurrentUser(deleteImportProfile, input);
  if (result.ok) revalidatePath('/import-profiles', 'layout');
  return result;
}
