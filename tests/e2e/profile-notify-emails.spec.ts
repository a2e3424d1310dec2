import { expect, test } from '@playwright/test';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './fixtures/admin';
import { signIn, uniqueTag } from './support/session';
import { createSourceThroughUi } from './support/wizard-run';

// An import profile's "Also e-mail these addresses": typed one per line in its editor, checked
// (a wrong address is named beside the field), saved, and listed on the profile's page.

test.use({ locale: 'en-US' });

test('a profile lists the addresses told about its drop-folder imports', async ({ page }) => {
  test.setTimeout(90_000);
  const tag = uniqueTag();
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  const sourceName = `CRM ${tag}`;
  await createSourceThroughUi(page, sourceName);
  const csv = ['External ID,First Name,Work Email', `${tag}-1,Ann,ann.${tag}@example.test`].join('\r\n');
  const upload = await page.request.post('/api/uploads', {
    data: Buffer.from(csv, 'utf8'),
    headers: { 'content-type': 'text/csv', 'x-file-name': encodeURIComponent(`notify-${tag}.csv`) },
  });
  expect(upload.status(), await upload.text()).toBe(201);
  await page.goto(`/imports/new/${(await upload.json()).id}`);
  const name = `Nightly ${tag}`;
  await page.getByLabel('Profile name').fill(name);
  await page.getByLabel('External source').selectOption({ label: sourceName });
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page).toHaveURL(/\/imports\/jobs\/[0-9a-f-]{36}\/validation$/);

  await page.goto('/import-profiles');
  await page.getByRole('link', { name, exact: true }).click();
  await page.getByRole('link', { name: 'Edit', exact: true }).click();
  const field = page.getByLabel('Also e-mail these addresses (drop-folder imports)');
  await field.fill('ops@example.test\nnot an address');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Enter a valid e-mail address.')).toBeVisible();
  await expect(field).toHaveAttribute('aria-invalid', 'true');

  await field.fill('ops@example.test\nteam@example.test');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  const addresses = page.getByRole('term').filter({ hasText: /^Also e-mail these addresses/ }).locator('xpath=following-sibling::dd[1]');
  await expect(addresses.getByRole('listitem')).toHaveText(['ops@example.test', 'team@example.test']);
});
