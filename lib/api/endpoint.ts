import type { z } from 'zod';
import type { AnyOperation } from '../actions/operation';
import type { Locale } from '../i18n/config';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Where an operation's input comes from, besides the path parameters:
 * - `json`: the JSON body's fields; `query`: the query string's; `none`: nothing else;
 * - `csv`: the body is a CSV file, streamed (the upload).
 */
export type RequestKind = 'json' | 'query' | 'none' | 'csv';

/** What the server knows of a call when it builds the operation's input. */
export interface ApiCall {
  request: Request;
  /** The path parameters, already renamed to the input's fields. */
  pathFields: Record<string, string>;
  locale: Locale;
}

interface EndpointBase {
  method: HttpMethod;
  /** OpenAPI path template under /api/v1, e.g. `/jobs/{id}`; the route file is app/api/v1/jobs/[id]/route.ts. */
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
}

export interface OperationEndpoint extends EndpointBase {
  operation: AnyOperation;
  request: RequestKind;
  /** A path parameter whose input field has another name (`{id}` -> `jobId`). */
  pathFields?: Record<string, string>;
  /** Input the server fills when the caller does not (e.g. `locale` from Accept-Language). */
  defaults?: (call: ApiCall) => Record<string, unknown>;
  /** The JSON answer's schema, or a CSV download. */
  response: z.ZodType | 'csv';
  successStatus?: 200 | 201;
  /** Statuses beyond those every call may answer (400, 401, 403, 429, and 404 with a path parameter). */
  extraStatuses?: readonly number[];
}

/** The OpenAPI document itself: read without a token. */
export interface PublicEndpoint extends EndpointBase {
  public: true;
}

export type ApiEndpoint = OperationEndpoint | PublicEndpoint;

export function isPublicEndpoint(endpoint: ApiEndpoint): endpoint is PublicEndpoint {
  return 'public' in endpoint;
}

/** The names in a path template: `/jobs/{id}/continue` -> ['id']. */
export function pathParameterNames(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
}

export function inputFieldOf(endpoint: OperationEndpoint, parameter: string): string {
  return endpoint.pathFields?.[parameter] ?? parameter;
}
