import { expect, test } from '@playwright/test';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './fixtures/admin';
import { signIn, signOut, uniqueTag } from './support/session';
import { createRoleWithPermissions, createUserWithRole, grantPermissions } from './support/admin-ui';

test.use({ locale: 'en-US' });

test('Bulk import is offered only with what starting an import needs, and refused on the server without it', async ({ page }) => {
  const tag = uniqueTag();
  const roleName = `Contact viewers ${tag}`;
  const email = `viewer-${tag}@example.com`;
  const password = `viewer-password-${tag}`;

  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  await createRoleWithPermissions(page, roleName, ['External contacts > Contact > View']);
  await createUserWithRole(page, { name: `Viewer ${tag}`, email, password }, roleName);
  await signOut(page);

  // With contact:view alone: no way in, and the way in refused on the server.
  await signIn(page, email, password);
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await expect(nav.getByRole('link', { name: 'External contacts' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Bulk import' })).toHaveCount(0);
  await nav.getByRole('link', { name: 'External contacts' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'External contacts' })).toBeVisible();
  await expect(page.getByRole('main').getByText('Add', { exact: true })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Bulk import' })).toHaveCount(0);

  await page.goto('/imports/new');
  await expect(page.getByRole('heading', { name: 'Access denied' })).toBeVisible();
  await expect(page.getByLabel('CSV file')).toHaveCount(0);

  const postUpload = () => page.request.post('/api/uploads', {
    headers: { 'content-type': 'text/csv', 'x-file-name': encodeURIComponent(`intruder-${tag}.csv`) },
    data: Buffer.from(`External ID,First Name\nX-${tag},Intruder\n`),
  });
  // Refused before a byte of the body is read: tests/integration/uploads.test.ts checks that no
  // row of it is stored (nothing lists uploads in the interface to check it here).
  const refused = await postUpload();
  expect(refused.status()).toBe(403);
  expect(await refused.json()).toEqual({ error: { key: 'errors.forbidden' } });
  await signOut(page);

  // Sending files and adding jobs, but not External entity > Import nor Import CSV job > Add:
  // still no way in (seed 004 lists all four for a bulk import).
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  await grantPermissions(page, roleName, ['External contacts > Import job > Add', 'External contacts > Import CSV upload > Add']);
  await signOut(page);
  await signIn(page, email, password);
  await expect(nav.getByRole('link', { name: 'External contacts' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Bulk import' })).toHaveCount(0);
  await page.goto('/imports/new');
  await expect(page.getByRole('heading', { name: 'Access denied' })).toBeVisible();
  await signOut(page);

  // The same user once granted them too: the way in appears (so the checks above can fail).
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  await grantPermissions(page, roleName, ['External contacts > External entity > Import', 'External contacts > Import CSV job > Add']);
  await signOut(page);
  await signIn(page, email, password);
  await expect(nav.getByRole('link', { name: 'Bulk import' })).toBeVisible();
  await nav.getByRole('link', { name: 'External contacts' }).click();
  await page.getByRole('main').locator('summary', { hasText: 'Add' }).click();
  await page.getByRole('main').getByRole('link', { name: 'Bulk import' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Upload' })).toBeVisible();
  await expect(page.getByLabel('CSV file')).toBeVisible();
  const accepted = await postUpload();
  expect(accepted.status()).toBe(201);
  expect(await accepted.json()).toMatchObject({ fileName: `intruder-${tag}.csv`, rowCount: 1 });
});
