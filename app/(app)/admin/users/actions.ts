'use server';

import { revalidatePath } from 'next/cache';
import { runAsCurrentUser } from '@/lib/actions/bind';
import { createUser, updateUser } from '@/lib/admin/users-operations';
import { addGrant, removeGrant } from '@/lib/admin/grants-operations';

export async function createUserAction(input: unknown) {
  const result = await runAsCurrentUser(createUser, input);
  if (result.ok) revalidatePath('/admin/users');
  return result;
}

export async function updateUserAction(input: unknown) {
  const result = await runAsCurrentUser(updateUser, input);
  if (result.ok) revalidatePath('/admin/users', 'layout');
  return result;
}

export async function addGrantAction(input: unknown) {
  const result = await runAsCurrentUser(addGrant, input);
  if (result.ok) revalidatePath('/admin/users', 'layout');
  return result;
}

export async function removeGrantAction(input: unknown) {
  const result = await runAsCurrentUser(removeGrant, input);
  if (result.ok) revalidatePath('/admin/users', 'layout');
  return result;
}
