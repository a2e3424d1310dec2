import { expect, test } from '@playwright/test';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './fixtures/admin';
import { signIn } from './support/session';

// Security headers and the cross-site refusal, over real HTTP against the built app (docs/security.md).

test.use({ locale: 'en-US' });

test('every page carries the CSP with a nonce that its own scripts use, and the other security headers', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (message) => { if (/Content Security Policy/i.test(message.text())) violations.push(message.text()); });
  const response = await page.goto('/signin');
  const headers = response!.headers();
  const csp = headers['content-security-policy'];
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce).toBeTruthy();
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  // Next.js put the request's nonce on its inline scripts.
  const inline = await page.locator('script:not([src])').evaluateAll((scripts) => scripts.map((s) => (s as HTMLScriptElement).nonce));
  expect(inline.length).toBeGreaterThan(0);
  expect(inline.every((value) => value === nonce)).toBe(true);

  // The app still works under the policy: sign in (client-side JavaScript) and open a page.
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  const contacts = await page.goto('/contacts');
  expect(contacts!.headers()['content-security-policy']).toMatch(/'nonce-/);
  expect(contacts!.headers()['content-security-policy']).not.toContain(nonce!);
  expect(violations).toEqual([]);
  // Static files get nosniff too.
  const css = await page.request.get(await page.locator('link[rel="stylesheet"]').first().getAttribute('href') ?? '/favicon.svg');
  expect(css.headers()['x-content-type-options']).toBe('nosniff');
});

test('a cross-site call to a cookie-authenticated route is refused; the same call from the site passes', async ({ page, baseURL }) => {
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  const crossSite = { code: 'crossSiteRequest', error: { key: 'errors.crossSiteRequest' } };
  // The download route, behind the proxy's check: a job that does not exist is a 404 from the site.
  const report = '/api/imports/00000000-0000-4000-8000-000000000000/error-report';
  const refusedRead = await page.request.get(report, { headers: { Origin: 'https://evil.example' } });
  expect(refusedRead.status()).toBe(403);
  expect(await refusedRead.json()).toMatchObject(crossSite);
  expect((await page.request.get(report, { headers: { Origin: baseURL! } })).status()).toBe(404);

  // The upload route, which the proxy leaves out (it streams the body) and checks itself.
  const upload = (origin: string) => page.request.post('/api/uploads', {
    data: Buffer.from('External ID,First Name\nx-1,Cross\n'),
    headers: { Origin: origin, 'content-type': 'text/csv', 'x-file-name': `cross-site-${Date.now()}.csv` },
  });
  const refused = await upload('https://evil.example');
  expect(refused.status()).toBe(403);
  expect(await refused.json()).toMatchObject(crossSite);
  expect((await upload(baseURL!)).status()).toBe(201);
});

test('the sign-in page sends a hostile callbackUrl home', async ({ page, baseURL }) => {
  await page.goto('/signin?callbackUrl=%2F%5Cevil.example');
  await page.getByLabel('E-mail').fill(ADMIN_EMAIL);
  await page.getByLabel('Password').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('navigation', { name: 'Main navigation' })).toBeVisible();
  expect(new URL(page.url()).host).toBe(new URL(baseURL!).host);
  expect(page.url()).not.toContain('evil');
});
