/**
 * Cross-site requests to the JSON routes a session cookie authenticates are refused: the cookie
 * is SameSite=Lax, but a form or fetch from another site must not act with it either. A browser
 * sends `Origin` on every cross-site POST and `Sec-Fetch-Site` on every request, so a request
 * without them comes from a tool (curl, a script), not from a page on another site: allowed.
 * A request with `Authorization: Bearer` (personal access token) carries no cookie authority.
 */

import { config } from '../config';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const CROSS_SITE_ERROR = { key: 'errors.crossSiteRequest' } as const;

/** The hosts this application answers as: the Host header, the forwarded host and NEXTAUTH_URL's. */
function ownHosts(headers: Headers): Set<string> {
  const hosts = new Set<string>();
  for (const value of [headers.get('host'), headers.get('x-forwarded-host')?.split(',')[0]]) {
    if (value?.trim()) hosts.add(value.trim().toLowerCase());
  }
  // A URL: lib/config refuses anything else at start-up.
  const publicUrl = config().NEXTAUTH_URL;
  if (publicUrl) hosts.add(new URL(publicUrl).host.toLowerCase());
  return hosts;
}

export function isCrossSiteRequest(request: Pick<Request, 'method' | 'headers'>): boolean {
  const { headers } = request;
  if (/^Bearer\s+\S+/i.test(headers.get('authorization') ?? '')) return false;
  const origin = headers.get('origin');
  if (origin !== null) {
    let host: string;
    try {
      host = new URL(origin).host.toLowerCase();
    } catch {
      return true; // "null" (a sandboxed frame, a redirect) or garbage
    }
    if (!ownHosts(headers).has(host)) return true;
  }
  const site = headers.get('sec-fetch-site');
  // Following a link from another site to a download is fine; any other cross-site call is not.
  const navigation = SAFE_METHODS.has(request.method) && headers.get('sec-fetch-mode') === 'navigate';
  return site === 'cross-site' && !navigation;
}

export function crossSiteRefusal(): Response {
  return Response.json({ error: CROSS_SITE_ERROR, code: 'crossSiteRequest' }, { status: 403 });
}
