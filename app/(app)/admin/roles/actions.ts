'use server';

import { revalidatePath } from 'next/cache';
import { runAsCurrentUser } from '@/lib/actions/bind';
import { createRole, deleteRole, updateRole } from '@/lib/admin/roles-operations';

// Role names appear on the user pages too, hence the whole /admin layout.
export async function createRoleAction(input: unknown) {
  const result = await runAsCurrentUser(createRole, input);
  if (result.ok) revalidatePath('/admin', 'layout');
  return result;
}

export async function updateRoleAction(input: unknown) {
  const result = await runAsCurrentUser(updateRole, input);
  if (result.ok) revalidatePath('/admin', 'layout');
  return result;
}

export async function deleteRoleAction(input: unknown) {
  const result = await runAsCurrentUser(deleteRole, input);
  if (result.ok) revalidatePath('/admin', 'layout');
  return result;
}
