import { describe, expect, it } from 'vitest';
import { NextRequest } from 'next/server';
import { proxy } from '@/proxy';

const request = (path: string, init: { method?: string; headers?: Record<string, string> } = {}) =>
  new NextRequest(`http://app.example${path}`, { method: init.method ?? 'GET', headers: { host: 'app.example', ...init.headers } });

const cspOf = (response: Response) => response.headers.get('content-security-policy') ?? '';

describe('proxy: security headers', () => {
  it('gives a page a CSP with a fresh nonce, frame-ancestors none, nosniff and a strict referrer policy', () => {
    const first = proxy(request('/imports'));
    const second = proxy(request('/imports'));
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(cspOf(first))?.[1];
    expect(nonce).toBeTruthy();
    expect(cspOf(second)).not.toContain(nonce);
    expect(cspOf(first)).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'(;|$)/);
    expect(cspOf(first)).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(cspOf(first)).toContain("frame-ancestors 'none'");
    expect(cspOf(first)).toContain("object-src 'none'");
    expect(first.headers.get('x-content-type-options')).toBe('nosniff');
    expect(first.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    // Next.js reads the nonce from the request's CSP header: the proxy passes it on.
    expect(first.headers.get('x-middleware-request-content-security-policy')).toBe(cspOf(first));
    expect(first.headers.get('x-middleware-request-x-nonce')).toBe(nonce);
  });
});

describe('proxy: cross-site calls to cookie-authenticated JSON routes', () => {
  const refused = async (response: Response) => {
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { key: 'errors.crossSiteRequest' }, code: 'crossSiteRequest' });
  };

  it('refuses a POST with a foreign Origin, a "null" Origin or Sec-Fetch-Site: cross-site', async () => {
    await refused(proxy(request('/api/v1/external-sources', { method: 'POST', headers: { origin: 'https://evil.example' } })));
    await refused(proxy(request('/api/imports/1/error-report', { method: 'POST', headers: { origin: 'null' } })));
    await refused(proxy(request('/api/uploads', { method: 'POST', headers: { 'sec-fetch-site': 'cross-site' } })));
    await refused(proxy(request('/api/imports/1/error-report', { method: 'GET', headers: { origin: 'http://app.example.evil.example' } })));
  });

  it('lets through same-origin calls, calls without Origin, navigations and Bearer-token calls', () => {
    const passes = (response: Response) => expect(response.status).toBe(200);
    passes(proxy(request('/api/v1/external-sources', { method: 'POST', headers: { origin: 'http://app.example', 'sec-fetch-site': 'same-origin' } })));
    passes(proxy(request('/api/v1/external-sources', { method: 'POST' })));
    passes(proxy(request('/api/imports/1/error-report', { headers: { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' } })));
    passes(proxy(request('/api/v1/jobs', { method: 'POST', headers: { origin: 'https://evil.example', authorization: 'Bearer cbi_x' } })));
    // Behind a proxy the public host arrives as X-Forwarded-Host.
    passes(proxy(request('/api/imports/1/error-report', {
      method: 'GET', headers: { host: 'internal:3000', origin: 'https://contacts.example', 'x-forwarded-host': 'contacts.example' },
    })));
  });

  it('leaves pages and server actions to Next.js (which checks the Origin of server actions itself)', () => {
    expect(proxy(request('/imports', { method: 'POST', headers: { origin: 'https://evil.example' } })).status).toBe(200);
  });
});

describe('upload routes: left out of the proxy (it would cut their bodies at 10 MB), checked themselves', () => {
  it('the matcher skips exactly POST /api/uploads and /api/v1/uploads, and /api/uploads refuses a cross-site call', async () => {
    const { config } = await import('@/proxy');
    const matcher = new RegExp(`^${config.matcher[0]}$`);
    expect(matcher.test('/api/uploads')).toBe(false);
    expect(matcher.test('/api/v1/uploads')).toBe(false);
    expect(matcher.test('/api/v1/uploads/0b6a4d1c-1f7e-4a59-9a5e-3f1f9a1c2b3d/preview')).toBe(true);
    expect(matcher.test('/api/imports/0b6a4d1c-1f7e-4a59-9a5e-3f1f9a1c2b3d/error-report')).toBe(true);
    expect(matcher.test('/imports')).toBe(true);
    const { POST } = await import('@/app/api/uploads/route');
    const response = await POST(request('/api/uploads', { method: 'POST', headers: { origin: 'https://evil.example' } }));
    expect(response.status).toBe(403);
  });
});
