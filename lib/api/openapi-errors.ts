import { z } from 'zod';
import { pathParameterNames, type OperationEndpoint } from './endpoint';

const problem = z.object({ code: z.string().describe('Stable, e.g. notFound, uploads.fileTooLarge'), message: z.string() });

/** The body of every refused call (lib/api/errors.ts writes it). */
export const apiErrorSchema = z.object({
  error: problem,
  fieldErrors: z.record(z.string(), z.array(problem)).optional().describe('Per input field, when the input was refused'),
});

const errorContent = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } };
const rateHeaders = {
  'RateLimit-Limit': { description: 'Calls allowed per minute for the token', schema: { type: 'integer' } },
  'RateLimit-Remaining': { description: 'Calls left in the current minute', schema: { type: 'integer' } },
};

const DESCRIPTIONS: Record<number, string> = {
  400: 'The input is not valid (code invalidInput, with fieldErrors)',
  401: 'No token, or an unknown, expired or revoked one (codes api.tokenMissing, api.tokenInvalid, api.tokenExpired, api.tokenRevoked)',
  403: 'The token (or its user) lacks the permission (code forbidden); for a job or profile that needs a contact permission '
    + 'the caller lacks in its division, the code names it: forbiddenContactDelete, forbiddenContactAdd or forbiddenContactEdit',
  404: 'Not found, or not visible to the token\'s user (code notFound)',
  409: 'The state does not allow it (e.g. a job not at that step, a name already used)',
  413: 'The file is larger than the cap (code uploads.fileTooLarge)',
  415: 'A multipart form was sent: send the file itself as the body',
  422: 'The file was refused (codes uploads.*: encoding, header, separator...)',
  429: 'Too many calls for this token: wait for Retry-After seconds (code api.rateLimited)',
};

export const ERROR_RESPONSES = Object.fromEntries(Object.entries(DESCRIPTIONS).map(([status, description]) => [status, {
  description,
  content: errorContent,
  ...(status === '429'
    ? { headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } }, ...rateHeaders } }
    : {}),
}]));

/** What a call may answer besides success: every call 400, 401, 403, 429; 404 with a path parameter. */
export function errorStatusesOf(endpoint: OperationEndpoint): number[] {
  const statuses = new Set([400, 401, 403, 429, ...(endpoint.extraStatuses ?? [])]);
  if (pathParameterNames(endpoint.path).length > 0) statuses.add(404);
  return [...statuses].sort((a, b) => a - b);
}
