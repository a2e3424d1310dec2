import { NextResponse, type NextRequest } from 'next/server';
import { crossSiteRefusal, isCrossSiteRequest } from './lib/auth/origin-check';
import { contentSecurityPolicy, createNonce, STATIC_SECURITY_HEADERS } from './lib/auth/security-headers';

/**
 * Runs before every page, server action and route handler (see `config.matcher`):
 * - refuses a cross-site call to an /api route a session cookie authenticates (403);
 * - gives each response a Content-Security-Policy with a fresh nonce, which Next.js reads from
 *   the request's CSP header and puts on its own scripts, and the other security headers.
 * docs/security.md describes both.
 */
export function proxy(request: NextRequest): Response {
  if (request.nextUrl.pathname.startsWith('/api/') && isCrossSiteRequest(request)) return crossSiteRefusal();
  const nonce = createNonce();
  const policy = contentSecurityPolicy(nonce);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', policy);
  for (const [name, value] of Object.entries(STATIC_SECURITY_HEADERS)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Not the build's static files (immutable, no HTML): next.config.mjs gives them the static headers.
  // Not the two upload routes either: Next.js buffers the body of every request its proxy sees and
  // cuts it at 10 MB (experimental.proxyClientMaxBodySize), which would refuse every larger file as
  // incomplete; those routes stream the body, and /api/uploads makes the cross-site check itself.
  matcher: ['/((?!_next/static|_next/image|favicon.svg|api/uploads$|api/v1/uploads$).*)'],
};
