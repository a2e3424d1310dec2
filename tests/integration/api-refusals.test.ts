import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows, type DatabaseHandle } from '@/db/client';
import { ALL_PERMISSIONS, type Permission } from '@/lib/auth/permissions';
import { apiErrorSchema } from '@/lib/api/openapi-errors';
import {
  callApi, issueExpiredToken, issueRevokedToken, issueToken, routeHandler, serveAppFrom,
} from '../support/api-calls';
import { createActor } from '../support/fixtures';
import { createTestDatabase } from '../support/test-db';

// Every endpoint of the OpenAPI document, read from GET /api/v1/openapi.json itself, refused
// without a token, with an expired one, a revoked one, and one narrowed to an unrelated
// permission; and let past the check with a token narrowed to the endpoint's own permissions.

interface DocumentOperation {
  security?: unknown[];
  'x-permissions'?: Permission[];
  /** Every one of these as well (starting a job). */
  'x-permissions-all'?: Permission[];
  parameters?: { name: string; in: string; schema: { type?: string } }[];
  requestBody?: { content: Record<string, unknown> };
}
interface Case { method: string; path: string; operation: DocumentOperation }

let handle: DatabaseHandle;
let restore: () => void;
let cases: Case[];
const tokens = {} as { expired: string; revoked: string; unrelated: string };
let admin: Awaited<ReturnType<typeof createActor>>;

/** A call to the case's endpoint with a plausible request: ids for its path, a body of the right kind. */
function call({ method, path, operation }: Case, token?: string, headers: Record<string, string> = {}) {
  const params = Object.fromEntries((operation.parameters ?? []).filter((p) => p.in === 'path')
    .map((p) => [p.name, p.schema.type === 'integer' ? '1' : randomUUID()]));
  const content = operation.requestBody?.content ?? {};
  const body = 'text/csv' in content
    ? { body: 'External ID\r\nx-1\r\n', headers: { 'Content-Type': 'text/csv', 'X-File-Name': 'refused.csv', ...headers } }
    : 'application/json' in content ? { json: {}, headers } : { headers };
  return callApi(method, path, { token, params, ...body });
}

async function tableCounts(): Promise<string> {
  const tables = await queryRows<{ name: string }>(handle.db,
    sql`select tablename as name from pg_tables where schemaname = 'public' order by 1`);
  const counts = await Promise.all(tables.map(async ({ name }) =>
    `${name}=${(await queryRows<{ n: number }>(handle.db, sql.raw(`select count(*)::int as n from "${name}"`)))[0].n}`));
  return counts.join(',');
}

beforeAll(async () => {
  handle = await createTestDatabase();
  restore = serveAppFrom(handle);
  const response = await (await routeHandler('/openapi.json', 'GET'))(new Request('http://localhost/api/v1/openapi.json'), {});
  const document = await response.json() as { paths: Record<string, Record<string, DocumentOperation>> };
  cases = Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods)
    .filter(([, operation]) => !(operation.security && operation.security.length === 0))
    .map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })));
  admin = await createActor(handle.db, ALL_PERMISSIONS);
  tokens.expired = await issueExpiredToken(handle.db, admin);
  tokens.revoked = await issueRevokedToken(admin);
  // admin:users:manage is held by the user and needed by no endpoint of the API.
  tokens.unrelated = (await issueToken(admin, ['admin:users:manage'])).token;
});
afterAll(async () => {
  restore?.();
  await handle?.close();
});

describe('the refusals, for every endpoint of the OpenAPI document', () => {
  it('finds the endpoints in the document', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
    for (const { operation, method, path } of cases) expect(operation['x-permissions']?.length, `${method} ${path}`).toBeGreaterThan(0);
  });

  const refusals: [string, () => string | undefined, number, string][] = [
    ['without a token', () => undefined, 401, 'api.tokenMissing'],
    ['with an expired token', () => tokens.expired, 401, 'api.tokenExpired'],
    ['with a revoked token', () => tokens.revoked, 401, 'api.tokenRevoked'],
    ['with a token narrowed to an unrelated permission', () => tokens.unrelated, 403, 'forbidden'],
  ];

  it.each(refusals)('%s: refused, as JSON with a stable code, changing nothing', async (_label, token, status, code) => {
    const before = await tableCounts();
    const answered: string[] = [];
    for (const endpoint of cases) {
      const response = await call(endpoint, token());
      const body = apiErrorSchema.parse(await response.json());
      answered.push(`${endpoint.method} ${endpoint.path} ${response.status} ${body.error.code}`);
      if (status === 401) expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="api"/);
    }
    expect(answered).toEqual(cases.map((e) => `${e.method} ${e.path} ${status} ${code}`));
    expect(await tableCounts()).toBe(before);
  });

  it('answers in French when asked', async () => {
    const response = await call(cases[0], undefined, { 'Accept-Language': 'fr' });
    expect((await response.json()).error).toEqual({ code: 'api.tokenMissing', message: expect.stringContaining('jeton') });
  });

  it('lets a token narrowed to the endpoint\'s own permissions past the check', async () => {
    for (const endpoint of cases) {
      const { token } = await issueToken(admin, [...endpoint.operation['x-permissions'] ?? [], ...endpoint.operation['x-permissions-all'] ?? []]);
      const response = await call(endpoint, token);
      expect([401, 403], `${endpoint.method} ${endpoint.path}: ${response.status}`).not.toContain(response.status);
      expect(response.status, `${endpoint.method} ${endpoint.path}`).toBeLessThan(500);
    }
  });
});
