import { expect, test } from '@playwright/test';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './fixtures/admin';
import { signIn, signOut, uniqueTag } from './support/session';
import { createRoleWithPermissions, createUserWithRole } from './support/admin-ui';

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

  const usersBefore = await (await page.request.get('/api/admin/users')).json();
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

  // Direct requests with their session are refused on the server.
  const createUser = await page.request.post('/api/admin/users', {
    data: { name: 'Intruder', email: `intruder-${tag}@example.com`, password: 'intruder-password-1' },
  });
  expect(createUser.status()).toBe(403);
  expect((await createUser.json()).error.key).toBe('errors.forbidden');
  expect((await page.request.get('/api/admin/users')).status()).toBe(403);
  const createSource = await page.request.post('/api/external-sources', { data: { name: `Intruder source ${tag}` } });
  expect(createSource.status()).toBe(403);
  await signOut(page);

  // Nothing changed.
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  const usersAfter = await (await page.request.get('/api/admin/users')).json();
  expect(usersAfter).toHaveLength(usersBefore.length);
  expect(JSON.stringify(usersAfter)).not.toContain('Intruder');
  const sources = await (await page.request.get('/api/external-sources')).json();
  expect(JSON.stringify(sources)).not.toContain(`Intruder source ${tag}`);
});

test('requests without a session are refused with 401', async ({ request }) => {
  const response = await request.post('/api/admin/users', {
    data: { name: 'Nobody', email: 'nobody@example.com', password: 'nobody-password-1' },
  });
  expect(response.status()).toBe(401);
  expect((await request.get('/api/external-sources')).status()).toBe(401);
});
