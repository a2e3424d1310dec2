import path from 'node:path';
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import type { AppDatabase, DatabaseHandle } from '@/db/client';
import { personalAccessTokens } from '@/db/schema';
import { executeOperation, type OperationContext } from '@/lib/actions/operation';
import { apiErrorSchema } from '@/lib/api/openapi-errors';
import type { Permission } from '@/lib/auth/permissions';
import { createMyToken, revokeMyToken } from '@/lib/tokens/operations';

// Calling the real /api/v1 route handlers in an integration test, on the test's database.

const root = path.resolve(__dirname, '../..');
// The key db/index.ts keeps the app's one database handle under (see getDatabaseHandle).
const APP_DATABASE = Symbol.for('contacts-bulk-import.database');

/** Makes getDb() (what every route uses) answer with the test's database; returns the undo. */
export function serveAppFrom(handle: DatabaseHandle): () => void {
  const store = globalThis as Record<symbol, unknown>;
  const previous = store[APP_DATABASE];
  store[APP_DATABASE] = Promise.resolve(handle);
  return () => {
    if (previous === undefined) delete store[APP_DATABASE];
    else store[APP_DATABASE] = previous;
  };
}

type Handler = (request: Request, context: { params?: Promise<Record<string, string>> }) => Promise<Response>;

/** The handler of `method` in the route file of an OpenAPI path (`/jobs/{id}` -> app/api/v1/jobs/[id]/route.ts). */
export async function routeHandler(apiPath: string, method: string): Promise<Handler> {
  const folder = apiPath.split('/').filter(Boolean).map((part) => part.replace(/^\{(\w+)\}$/, '[$1]'));
  const routeModule = await import(path.join(root, 'app', 'api', 'v1', ...folder, 'route.ts')) as Record<string, Handler>;
  const handler = routeModule[method.toUpperCase()];
  if (!handler) throw new Error(`no ${method} in the route file of ${apiPath}`);
  return handler;
}

export interface CallOptions {
  token?: string;
  params?: Record<string, string>;
  query?: Record<string, string>;
  json?: unknown;
  body?: BodyInit;
  headers?: Record<string, string>;
}

/**
 * `ok` and `refused` for a test file calling the API as one caller (`token()`, read at each call):
 * each asserts the status (the answer in the message when it differs), then parses the answer
 * with `schema`, or as an API error.
 */
export function apiAssertions(token: () => string) {
  async function answer(method: string, apiPath: string, options: CallOptions, status: number): Promise<unknown> {
    const response = await callApi(method, apiPath, { token: token(), ...options });
    const body = await response.json();
    expect(response.status, `${method} ${apiPath}: ${JSON.stringify(body)}`).toBe(status);
    return body;
  }
  return {
    ok: async <T>(method: string, apiPath: string, schema: { parse(value: unknown): T }, options: CallOptions = {}, status = 200) =>
      schema.parse(await answer(method, apiPath, options, status)),
    refused: async (method: string, apiPath: string, options: CallOptions, status: number) =>
      apiErrorSchema.parse(await answer(method, apiPath, options, status)),
  };
}

/** Calls the route handler of `method apiPath` as Next would, with `{name}` filled from `params`. */
export async function callApi(method: string, apiPath: string, options: CallOptions = {}): Promise<Response> {
  const handler = await routeHandler(apiPath, method);
  const params = options.params ?? {};
  const url = new URL(`http://localhost/api/v1${apiPath.replace(/\{(\w+)\}/g, (_, name: string) => params[name])}`);
  for (const [name, value] of Object.entries(options.query ?? {})) url.searchParams.set(name, value);
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.json !== undefined) headers['Content-Type'] = 'application/json';
  const body = options.json !== undefined ? JSON.stringify(options.json) : options.body;
  const request = new Request(url, { method, headers, body, ...(body ? { duplex: 'half' } : {}) } as RequestInit);
  // As Next does: a route without dynamic segments gets no params.
  return handler(request, /\{\w+\}/.test(apiPath) ? { params: Promise.resolve(params) } : {});
}

/** A token of the actor (all their permissions, or only `permissions`), through the profile's operation. */
export async function issueToken(actor: OperationContext, permissions?: Permission[]): Promise<{ id: string; token: string }> {
  const result = await executeOperation(createMyToken, {
    name: `Test ${Math.random().toString(36).slice(2, 8)}`, expiresInDays: 7,
    limited: permissions !== undefined, permissions: permissions ?? [],
  }, actor);
  if (!result.ok) throw new Error(`token refused: ${JSON.stringify(result)}`);
  return { id: result.data.id, token: result.data.token };
}

export async function issueExpiredToken(db: AppDatabase, actor: OperationContext): Promise<string> {
  const { id, token } = await issueToken(actor);
  await db.update(personalAccessTokens).set({ expiresAt: new Date(Date.now() - 60_000) }).where(eq(personalAccessTokens.id, id));
  return token;
}

export async function issueRevokedToken(actor: OperationContext): Promise<string> {
  const { id, token } = await issueToken(actor);
  const result = await executeOperation(revokeMyToken, { id }, actor);
  if (!result.ok) throw new Error('revoke refused');
  return token;
}
