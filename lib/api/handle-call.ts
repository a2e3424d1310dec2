import type { AppDatabase } from '../../db/client';
import { executeOperation } from '../actions/operation';
import { verifyToken, type TokenRefusal } from '../tokens/verify';
import { buildInput } from './build-input';
import { csvDownload } from './csv-download';
import { inputFieldOf, type OperationEndpoint } from './endpoint';
import { apiErrorResponse } from './errors';
import { apiLocale } from './locale';
import { rateLimitHeaders, takeRateLimit } from './rate-limit';

const REFUSAL_KEYS: Record<TokenRefusal, string> = {
  missing: 'api.errors.tokenMissing',
  invalid: 'api.errors.tokenInvalid',
  expired: 'api.errors.tokenExpired',
  revoked: 'api.errors.tokenRevoked',
};

export interface ApiCallOptions {
  db: AppDatabase;
  /** Calls per minute per token; the configured limit when unset. */
  rateLimit?: number;
}

/** The token of `Authorization: Bearer <token>`, or null. */
export function bearerToken(request: Request): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '');
  return match ? match[1] : null;
}

/**
 * One API call: the token names the caller (401 without a valid one), the call counts against
 * the token's rate limit (429 past it), then the endpoint's operation runs with the input built
 * from the request, and its answer or refusal goes back as JSON (or the CSV it streams).
 */
export async function handleApiCall(
  endpoint: OperationEndpoint, request: Request, params: Record<string, string>, options: ApiCallOptions,
): Promise<Response> {
  const { db } = options;
  const check = await verifyToken(db, bearerToken(request));
  if (!check.ok) {
    return apiErrorResponse(401, { key: REFUSAL_KEYS[check.reason] }, apiLocale(request), {
      headers: { 'WWW-Authenticate': `Bearer realm="api"${check.reason === 'missing' ? '' : ', error="invalid_token"'}` },
    });
  }
  const locale = apiLocale(request, check.actor.user.locale);
  const rate = await takeRateLimit(db, check.tokenId, options.rateLimit);
  const headers = rateLimitHeaders(rate);
  if (!rate.allowed) {
    return apiErrorResponse(429, { key: 'api.errors.rateLimited', params: { seconds: rate.resetSeconds } }, locale, {
      headers: { ...headers, 'Retry-After': String(rate.resetSeconds) },
    });
  }
  const pathFields = Object.fromEntries(Object.entries(params).map(([name, value]) => [inputFieldOf(endpoint, name), value]));
  const input = await buildInput(endpoint, { request, pathFields, locale });
  const result = await executeOperation(endpoint.operation, input, { ...check.actor, db });
  if (!result.ok) return apiErrorResponse(result.status, result.error, locale, { fieldErrors: result.fieldErrors, headers });
  if (endpoint.response === 'csv') {
    const download = csvDownload(result.data);
    for (const [name, value] of Object.entries(headers)) download.headers.set(name, value);
    return download;
  }
  return Response.json(result.data, {
    status: endpoint.successStatus ?? 200, headers: { 'Cache-Control': 'no-store', ...headers },
  });
}
