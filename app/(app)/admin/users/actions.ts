'use server';

import { revalidatePath } from 'next/cache';
import { runAsCurrentUser } from '@/lib/actions/bind';
import { createUser, updateUser } from '@/lib/admin/users-operations';
import { addGrant, removeGrant } from '@/lib/admin/grants-operations';
import { getCurrentUser } from '@/lib/auth/session';
import { keepOwnSession } from '@/app/_server/keep-own-session';

export async function createUserAction(input: unknown) {
  const result = await runAsCurrentUser(createUser, input);
  if (result.ok) revalidatePath('/admin/users');
  return result;
}

export async function updateUserAction(input: unknown) {
  const caller = (await getCurrentUser())?.user.id;
  const result = await runAsCurrentUser(updateUser, input);
  // Your own new password ends your other sessions, not this one.
  if (result.ok && caller === result.data.id) await keepOwnSession(caller);
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
