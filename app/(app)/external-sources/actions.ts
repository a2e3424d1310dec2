'use server';

import { revalidatePath } from 'next/cache';
import { runAsCurrentUser } from '@/lib/actions/bind';
import { createSource, deleteSource, setSourceActive, updateSource } from '@/lib/sources/operations';
import { clearSource, countSourceContacts } from '@/lib/sources/clear-operations';

// Thin on purpose: each operation checks the permission and parses the input itself.

export async function createSourceAction(input: unknown) {
  const result = await runAsCurrentUser(createSource, input);
  if (result.ok) revalidatePath('/external-sources');
  return result;
}

export async function updateSourceAction(input: unknown) {
  const result = await runAsCurrentUser(updateSource, input);
  if (result.ok) revalidatePath('/external-sources', 'layout');
  return result;
}

export async function setSourceActiveAction(input: unknown) {
  const result = await runAsCurrentUser(setSourceActive, input);
  if (result.ok) revalidatePath('/external-sources', 'layout');
  return result;
}

export async function deleteSourceAction(input: unknown) {
  const result = await runAsCurrentUser(deleteSource, input);
  if (result.ok) revalidatePath('/external-sources');
  return result;
}

export async function countSourceContactsAction(input: unknown) {
  return runAsCurrentUser(countSourceContacts, input);
}

export async function clearSourceAction(input: unknown) {
  const result = await runAsCurrentUser(clearSource, input);
  if (result.ok) revalidatePath('/contacts', 'layout');
  return result;
}
