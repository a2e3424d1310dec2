import type { z } from 'zod';
import { getDb } from '../../db';
import { getCurrentUser } from '../auth/session';
import { executeOperation, type Operation } from './operation';
import type { ActionResult } from './result';

/** Runs an operation as the signed-in user: what every server action and route handler does. */
export async function runAsCurrentUser<S extends z.ZodType, O>(
  operation: Operation<S, O>,
  input: unknown,
): Promise<ActionResult<O>> {
  const current = await getCurrentUser();
  if (!current) return { ok: false, status: 401, error: { key: 'errors.unauthenticated' } };
  return executeOperation(operation, input, { ...current, db: await getDb() });
}

/** For route handlers: the same, answered as JSON with the matching HTTP status. */
export async function respondAsCurrentUser<S extends z.ZodType, O>(
  operation: Operation<S, O>,
  input: unknown,
  successStatus = 200,
): Promise<Response> {
  const result = await runAsCurrentUser(operation, input);
  if (result.ok) return Response.json(result.data, { status: successStatus });
  return Response.json({ error: result.error, fieldErrors: result.fieldErrors }, { status: result.status });
}
