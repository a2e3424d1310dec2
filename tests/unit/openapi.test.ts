import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Validator } from '@seriousme/openapi-schema-validator';
import { isOperation } from '@/lib/actions/operation';
import { isPublicEndpoint, pathParameterNames, inputFieldOf } from '@/lib/api/endpoint';
import { ALL_ENDPOINTS, endpoints, OPERATION_ENDPOINTS } from '@/lib/api/endpoints';
import { openApiDocument, toSchema } from '@/lib/api/openapi';

const root = path.resolve(__dirname, '../..');
const v1 = path.join(root, 'app', 'api', 'v1');

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return routeFiles(full);
    return name === 'route.ts' ? [full] : [];
  });
}

/** app/api/v1/jobs/[id]/continue/route.ts -> /jobs/{id}/continue */
function pathOfRouteFile(file: string): string {
  const folder = path.relative(v1, path.dirname(file)).split(path.sep).filter(Boolean);
  return `/${folder.map((part) => part.replace(/^\[(\w+)\]$/, '{$1}')).join('/')}`;
}

/** Each `export const METHOD = apiRoute(endpoints.NAME)` of a route file. */
function exportsOf(file: string): { method: string; name: string }[] {
  const text = readFileSync(file, 'utf8');
  const exported = [...text.matchAll(/export\s+(?:async\s+)?(?:function|const)\s+(\w+)/g)].map((m) => m[1]);
  const wired = [...text.matchAll(/export const (\w+) = apiRoute\(endpoints\.(\w+)\);/g)].map((m) => ({ method: m[1], name: m[2] }));
  expect(wired.map((w) => w.method), `${file}: every export is apiRoute(endpoints.<entry>)`).toEqual(exported);
  return wired;
}

describe('the OpenAPI document', () => {
  const document = openApiDocument() as { openapi: string; paths: Record<string, Record<string, unknown>> };

  it('validates as OpenAPI 3.1', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('is refused by the validator when broken (the check can fail)', async () => {
    const broken = structuredClone(document) as Record<string, unknown>;
    delete broken.info;
    (broken.paths as Record<string, Record<string, unknown>>)['/jobs'].get = { responses: 'none' };
    expect((await new Validator().validate(broken)).valid).toBe(false);
  });

  it('has one operation per registry entry, and the token-less ones are only the document itself', () => {
    const operations = Object.entries(document.paths).flatMap(([p, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${p}`));
    expect(operations.sort()).toEqual(ALL_ENDPOINTS.map((e) => `${e.method} ${e.path}`).sort());
    expect(new Set(ALL_ENDPOINTS.map((e) => e.operationId)).size).toBe(ALL_ENDPOINTS.length);
    expect(ALL_ENDPOINTS.filter(isPublicEndpoint).map((e) => e.path)).toEqual(['/openapi.json']);
  });

  it('documents each path parameter with the schema of the operation input it fills', () => {
    for (const endpoint of OPERATION_ENDPOINTS) {
      const properties = toSchema(endpoint.operation.input, 'input').properties ?? {};
      for (const name of pathParameterNames(endpoint.path)) {
        expect(properties[inputFieldOf(endpoint, name)], `${endpoint.operationId} {${name}}`).toBeDefined();
      }
    }
  });
});

describe('the validation workbench in the document', () => {
  type Operation = { parameters?: { name: string; in: string }[]; requestBody?: { content: Record<string, { schema: { properties?: object } }> };
    responses: Record<string, unknown>; 'x-permissions': string[] };
  const paths = (openApiDocument() as { paths: Record<string, Record<string, Operation>> }).paths;

  it('has each workbench endpoint at its path, with its method', () => {
    expect(Object.keys(paths['/jobs/{id}/rows'])).toEqual(['get']);
    expect(Object.keys(paths['/jobs/{id}/rows/{line}'])).toEqual(['patch']);
    expect(Object.keys(paths['/jobs/{id}/fixes']).sort()).toEqual(['get', 'post']);
    expect(Object.keys(paths['/jobs/{id}/fix-operations'])).toEqual(['get']);
    expect(Object.keys(paths['/jobs/{id}/fix-operations/{operationId}/undo'])).toEqual(['post']);
    expect(Object.keys(paths['/jobs/{id}/projection'])).toEqual(['get']);
  });

  it('takes the rows filter flat in the query, and a row fix and a bulk fix as JSON', () => {
    const rows = paths['/jobs/{id}/rows'].get;
    expect(rows.parameters!.map((p) => `${p.in} ${p.name}`).sort())
      .toEqual(['path id', 'query after', 'query code', 'query column', 'query pageSize', 'query state']);
    const patch = paths['/jobs/{id}/rows/{line}'].patch;
    expect(patch.parameters!.map((p) => p.name)).toEqual(['id', 'line']);
    expect(Object.keys(patch.requestBody!.content['application/json'].schema.properties!).sort()).toEqual(['excluded', 'values']);
    expect(Object.keys(patch.responses).sort()).toEqual(['200', '400', '401', '403', '404', '409', '429']);
    const bulk = paths['/jobs/{id}/fixes'].post;
    expect(Object.keys(bulk.requestBody!.content['application/json'].schema.properties!).sort()).toEqual(['action', 'filter', 'preview']);
    expect(bulk['x-permissions']).toContain('externalContacts:importJob:edit');
    expect(paths['/jobs/{id}/fix-operations/{operationId}/undo'].post['x-permissions']).toEqual(['externalContacts:importJob:edit']);
  });
});

describe('the routes match the registry', () => {
  const files = routeFiles(v1);

  it('every app/api/v1 route file serves registry entries at its own path and method', () => {
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      for (const { method, name } of exportsOf(file)) {
        const endpoint = (endpoints as Record<string, (typeof ALL_ENDPOINTS)[number]>)[name];
        expect(endpoint, `${file}: endpoints.${name}`).toBeDefined();
        expect(`${endpoint.method} ${endpoint.path}`, file).toBe(`${method} ${pathOfRouteFile(file)}`);
      }
    }
  });

  it('every registry entry has a route file exporting its method', () => {
    const served = new Set(files.flatMap((file) => exportsOf(file).map(({ method }) => `${method} ${pathOfRouteFile(file)}`)));
    const missing = ALL_ENDPOINTS.map((e) => `${e.method} ${e.path}`).filter((key) => !served.has(key));
    expect(missing).toEqual([]);
  });

  it('every endpoint runs an operation exported from a lib operations file (so the permission matrix walks it)', async () => {
    const files = (function walk(dir: string): string[] {
      return readdirSync(dir).flatMap((name) => {
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) return walk(full);
        return /(^|-)operations\.ts$/.test(name) ? [full] : [];
      });
    })(path.join(root, 'lib'));
    const exported = new Set((await Promise.all(files.map((f) => import(f)))).flatMap((m) => Object.values(m).filter(isOperation)));
    for (const endpoint of OPERATION_ENDPOINTS) expect(exported.has(endpoint.operation), endpoint.operationId).toBe(true);
  });
});
