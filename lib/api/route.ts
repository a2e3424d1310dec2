import { getDb } from '../../db';
import { isPublicEndpoint, type ApiEndpoint } from './endpoint';
import { apiErrorResponse } from './errors';
import { handleApiCall } from './handle-call';
import { apiLocale } from './locale';
import { openApiDocument } from './openapi';

interface RouteContext {
  /** Undefined for a route without dynamic segments. */
  params?: Promise<Record<string, string> | undefined>;
}

/**
 * The one wrapper of every /api/v1 route handler: `export const GET = apiRoute(endpoints.getJob)`.
 * Authentication, rate limit, input, permission (through the endpoint's operation) and the JSON
 * error format are all decided here, so no route can forget one.
 */
export function apiRoute(endpoint: ApiEndpoint) {
  return async (request: Request, context: RouteContext): Promise<Response> => {
    if (isPublicEndpoint(endpoint)) {
      return Response.json(openApiDocument(), { headers: { 'Cache-Control': 'public, max-age=300' } });
    }
    try {
      return await handleApiCall(endpoint, request, (await context.params) ?? {}, { db: await getDb() });
    } catch (error) {
      // An operation's own failures are answered by executeOperation; this is the database or a bug.
      console.error(`api ${endpoint.operationId} failed`, error);
      return apiErrorResponse(500, { key: 'errors.unexpected' }, apiLocale(request));
    }
  };
}
