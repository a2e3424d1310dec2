import { notFound } from 'next/navigation';
import type { z } from 'zod';
import { runAsCurrentUser } from '../../lib/actions/bind';
import type { Operation } from '../../lib/actions/operation';

/**
 * Loads an admin page's data through its operation: null when the caller may not see it (the
 * page then renders <Forbidden />), Next's 404 for an unknown or malformed id.
 */
export async function loadAdminData<S extends z.ZodType, O>(operation: Operation<S, O>, input: unknown): Promise<O | null> {
  const result = await runAsCurrentUser(operation, input);
  if (result.ok) return result.data;
  if (result.status === 401 || result.status === 403) return null;
  if (result.status === 404 || result.status === 400) notFound();
  throw new Error(`${operation.name} failed: ${result.error.key}`);
}
