import { expect, test } from '@playwright/test';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './fixtures/admin';
import { signIn, signOut, uniqueTag } from './support/session';
import { createRoleWithPermissions, createUserWithRole } from './support/admin-ui';
import { createTokenThroughProfile } from './support/tokens';

test.use({ locale: 'en-US' });

test('a user granted only contact:view sees External contacts alone and is refused everything else', async ({ page }) => {
  const tag = uniqueTag();
  const roleName = `Contact viewers ${tag}`;
  const email = `viewer-${tag}@example.com`;
  const password = `viewer-password-${tag}`;

  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);

  // A role holding one permission, and a user with that role in every division.
  await createRoleWithPermissions(page, roleName, ['External contacts > Contact > View']);
  await createUserWithRole(page, { name: `Viewer ${tag}`, email, password }, roleName);

  await signOut(page);

  // The viewer sees one section only.
  await signIn(page, email, password);
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await expect(nav.getByRole('link', { name: 'External contacts' })).toBeVisible();
  for (const hidden of ['Imports', 'Import profiles', 'External sources', 'Administration']) {
    await expect(nav.getByRole('link', { name: hidden })).toHaveCount(0);
  }
  await expect(page.getByRole('heading', { name: 'External contacts' })).toBeVisible();

  // Pages they may not see render nothing of their data.
  await page.goto('/admin/users');
  await expect(page.getByRole('heading', { name: 'Access denied' })).toBeVisible();
  await expect(page.getByText(ADMIN_EMAIL)).toHaveCount(0);

  // Direct requests are refused on the server: with their session on the browser's own routes,
  // with their token on the REST API (which has no administration endpoint at all).
  const upload = await page.request.post('/api/uploads', {
    headers: { 'content-type': 'text/csv', 'x-file-name': `intruder-${tag}.csv` }, data: Buffer.from('External ID\nx-1\n'),
  });
  expect(upload.status()).toBe(403);
  expect((await upload.json()).error.key).toBe('errors.forbidden');
  const token = await createTokenThroughProfile(page, `Viewer ${tag}`);
  const bearer = { Authorization: `Bearer ${token}` };
  const createSource = await page.request.post('/api/v1/external-sources', { headers: bearer, data: { name: `Intruder source ${tag}` } });
  expect(createSource.status()).toBe(403);
  expect((await createSource.json()).error.code).toBe('forbidden');
  expect((await page.request.get('/api/v1/external-sources', { headers: bearer })).status()).toBe(403);
  expect((await page.request.get('/api/v1/contacts', { headers: bearer })).status()).toBe(200);
  await signOut(page);

  // Nothing changed.
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  const adminToken = await createTokenThroughProfile(page, `Admin ${tag}`);
  const sources = await (await page.request.get('/api/v1/external-sources', { headers: { Authorization: `Bearer ${adminToken}` } })).json();
  expect(JSON.stringify(sources)).not.toContain(`Intruder source ${tag}`);
});

test('requests without a session or a token are refused with 401', async ({ request }) => {
  const upload = await request.post('/api/uploads', {
    headers: { 'content-type': 'text/csv', 'x-file-name': 'nobody.csv' }, data: Buffer.from('External ID\nx-1\n'),
  });
  expect(upload.status()).toBe(401);
  expect((await request.get('/api/imports/00000000-0000-4000-8000-000000000000/error-report')).status()).toBe(401);
  const createSource = await request.post('/api/v1/external-sources', { data: { name: 'Nobody source' } });
  expect(createSource.status()).toBe(401);
  expect((await request.get('/api/v1/external-sources')).status()).toBe(401);
});
