'use server';

import { revalidatePath } from 'next/cache';
import { runAsCurrentUser } from '@/lib/actions/bind';
import { createMyToken, revokeMyToken } from '@/lib/tokens/operations';
import { setMyJobEmails } from '@/lib/notifications/operations';

export async function createTokenAction(input: unknown) {
  const result = await runAsCurrentUser(createMyToken, input);
  if (result.ok) revalidatePath('/profile');
  return result;
}

export async function revokeTokenAction(input: unknown) {
  const result = await runAsCurrentUser(revokeMyToken, input);
  if (result.ok) revalidatePath('/profile');
  return result;
}

export async function setJobEmailsAction(input: unknown) {
  const result = await runAsCurrentUser(setMyJobEmails, input);
  if (result.ok) revalidatePath('/profile');
  return result;
}
