import { uploadInputFrom } from './upload-request';
import type { ApiCall, OperationEndpoint } from './endpoint';

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

async function readJson(request: Request): Promise<unknown> {
  // A body that is not JSON reaches the operation as no input: 400 after the permission check.
  return request.json().catch(() => undefined);
}

/** What the caller sent: the JSON body's or the query string's fields. */
async function sentFields(endpoint: OperationEndpoint, request: Request): Promise<unknown> {
  if (endpoint.request === 'json') return readJson(request);
  return endpoint.request === 'query' ? Object.fromEntries(new URL(request.url).searchParams) : {};
}

/**
 * The operation's input for a call: the server's defaults, then what the caller sent, then the
 * path parameters, which no body field can override (a body cannot redirect `/jobs/{id}`).
 */
export async function buildInput(endpoint: OperationEndpoint, call: ApiCall): Promise<unknown> {
  if (endpoint.request === 'csv') return uploadInputFrom(call.request);
  const sent = await sentFields(endpoint, call.request);
  // Not an object (a JSON array, a number): the operation's schema refuses it, after the permission check.
  if (!isPlainObject(sent)) return sent;
  return { ...endpoint.defaults?.(call), ...sent, ...call.pathFields };
}
