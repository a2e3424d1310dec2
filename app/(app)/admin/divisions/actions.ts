'use server';

import { revalidatePath } from 'next/cache';
import { runAsCurrentUser } from '@/lib/actions/bind';
import { createDivision } from '@/lib/admin/divisions-operations';

export async function createDivisionAction(input: unknown) {
  const result = await runAsCurrentUser(createDivision, input);
  // Divisions are offered in pickers all over the app.
  if (result.ok) revalidatePath('/', 'layout');
  return result;
}
