import { z } from 'zod';
import { permissionsOf } from '../actions/operation';
import { inputFieldOf, isPublicEndpoint, pathParameterNames, type ApiEndpoint, type OperationEndpoint } from './endpoint';
import { ALL_ENDPOINTS } from './endpoints';
import { apiErrorSchema, ERROR_RESPONSES, errorStatusesOf } from './openapi-errors';

type JsonSchema = Record<string, unknown> & { properties?: Record<string, JsonSchema>; required?: string[] };
type Json = Record<string, unknown>;

/** Zod to JSON Schema 2020-12 (OpenAPI 3.1's dialect), without the noise a reader does not need. */
export function toSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  delete json.$schema;
  return stripUuidPatterns(json) as JsonSchema;
}

// zod writes a long regex beside `format: uuid`; the format says it all.
function stripUuidPatterns(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(stripUuidPatterns);
  if (typeof node !== 'object' || node === null) return node;
  const entries = Object.entries(node).filter(([key]) => !(key === 'pattern' && (node as Json).format === 'uuid'));
  return Object.fromEntries(entries.map(([key, value]) => [key, stripUuidPatterns(value)]));
}

/** The operation's input, less the fields the path gives. */
function callerFields(endpoint: OperationEndpoint): JsonSchema {
  const schema = toSchema(endpoint.operation.input, 'input');
  const omitted = new Set(pathParameterNames(endpoint.path).map((name) => inputFieldOf(endpoint, name)));
  const properties = Object.fromEntries(Object.entries(schema.properties ?? {}).filter(([name]) => !omitted.has(name)));
  const required = (schema.required ?? []).filter((name) => !omitted.has(name));
  const { required: _all, ...rest } = schema;
  return { ...rest, properties, ...(required.length ? { required } : {}) };
}

function pathParameters(endpoint: OperationEndpoint): Json[] {
  const properties = toSchema(endpoint.operation.input, 'input').properties ?? {};
  return pathParameterNames(endpoint.path).map((name) => ({
    name, in: 'path', required: true, schema: properties[inputFieldOf(endpoint, name)] ?? { type: 'string' },
  }));
}

function requestParts(endpoint: OperationEndpoint): { parameters: Json[]; requestBody?: Json } {
  const parameters = pathParameters(endpoint);
  if (endpoint.request === 'csv') {
    const fileName = toSchema(endpoint.operation.input, 'input').properties?.fileName ?? { type: 'string' };
    parameters.push(
      { name: 'X-File-Name', in: 'header', description: 'The file name, URL-encoded (ends in .csv)', schema: fileName },
      { name: 'name', in: 'query', description: 'The file name, when there is no X-File-Name header', schema: fileName },
      {
        name: 'encoding', in: 'query', description: 'Read the file in this text encoding instead of detecting it',
        schema: toSchema(endpoint.operation.input, 'input').properties?.encoding ?? { type: 'string' },
      },
    );
    const file = { schema: { type: 'string', contentMediaType: 'text/csv' } };
    return { parameters, requestBody: { required: true, content: { 'text/csv': file, 'application/octet-stream': file } } };
  }
  if (endpoint.request === 'none') return { parameters };
  const fields = callerFields(endpoint);
  if (endpoint.request === 'query') {
    for (const [name, schema] of Object.entries(fields.properties ?? {})) {
      parameters.push({ name, in: 'query', required: (fields.required ?? []).includes(name), schema });
    }
    return { parameters };
  }
  return { parameters, requestBody: { required: true, content: { 'application/json': { schema: fields } } } };
}

function withoutEmptyParameters({ parameters, requestBody }: { parameters: Json[]; requestBody?: Json }): Json {
  return { ...(parameters.length ? { parameters } : {}), ...(requestBody ? { requestBody } : {}) };
}

function successResponse(endpoint: OperationEndpoint): Json {
  if (endpoint.response === 'csv') {
    return { description: 'A CSV file', content: { 'text/csv': { schema: { type: 'string', contentMediaType: 'text/csv' } } } };
  }
  return { description: 'Done', content: { 'application/json': { schema: toSchema(endpoint.response, 'output') } } };
}

function describeOperation(endpoint: ApiEndpoint): Json {
  const base = { operationId: endpoint.operationId, tags: [endpoint.tag], summary: endpoint.summary };
  if (isPublicEndpoint(endpoint)) {
    return { ...base, security: [], responses: { 200: { description: 'The document', content: { 'application/json': {} } } } };
  }
  const permissions = permissionsOf(endpoint.operation);
  const also = endpoint.operation.allOf ?? [];
  const byInput = endpoint.operation.requires?.permissions ?? [];
  const names = (list: readonly string[]) => list.map((p) => `\`${p}\``).join(', ');
  const needs = `Needs ${permissions.length > 1 ? 'one of ' : ''}${names(permissions)}`
    + (also.length ? `, and every one of ${names(also)}` : '') + '.'
    + (byInput.length ? ` Depending on the request, also some of ${names(byInput)} (a job's contact `
      + 'permissions follow what it may do to contacts: add and edit to create and update them, delete for a job '
      + 'that can delete any; `autoContinue` needs importJob:edit).' : '');
  const errors = Object.fromEntries(errorStatusesOf(endpoint).map((status) => [status, { $ref: `#/components/responses/${status}` }]));
  return {
    ...base,
    description: [endpoint.description, needs].filter(Boolean).join('\n\n'),
    'x-permissions': permissions,
    ...(also.length ? { 'x-permissions-all': also } : {}),
    ...(byInput.length ? { 'x-permissions-by-request': byInput } : {}),
    ...withoutEmptyParameters(requestParts(endpoint)),
    responses: { [endpoint.successStatus ?? 200]: successResponse(endpoint), ...errors },
  };
}

function buildDocument(): Json {
  const paths: Record<string, Json> = {};
  for (const endpoint of ALL_ENDPOINTS) {
    (paths[endpoint.path] ??= {})[endpoint.method.toLowerCase()] = describeOperation(endpoint);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'External contacts bulk import API',
      version: '1.0.0',
      description: 'Every call but this document needs a personal access token (profile page): '
        + '`Authorization: Bearer cbi_...`. A token acts with its user\'s permissions, or the subset it was given. '
        + 'Errors are `{ "error": { "code", "message" }, "fieldErrors"? }`, the message in the language of Accept-Language.',
    },
    servers: [{ url: '/api/v1' }],
    security: [{ bearerAuth: [] }],
    tags: [...new Set(ALL_ENDPOINTS.map((e) => e.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'cbi_<43 base64url characters>' } },
      schemas: { Error: toSchema(apiErrorSchema, 'output') },
      responses: ERROR_RESPONSES,
    },
  };
}

let document: Json | undefined;

/** GET /api/v1/openapi.json: generated once per process from the endpoint list and its zod schemas. */
export function openApiDocument(): Json {
  document ??= buildDocument();
  return document;
}
