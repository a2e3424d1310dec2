import { expect, test } from '@playwright/test';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './fixtures/admin';
import { signIn, uniqueTag } from './support/session';
import { importThroughWizard } from './support/wizard-import';

// Issue 5, revert: from the job page, after a confirmation, the contacts the import created are
// gone again, and the page says what the revert did.

test.use({ locale: 'en-US' });

const ROWS = 12;

test('reverts a completed import from its job page, after a confirmation', async ({ page }) => {
  test.setTimeout(180_000);
  const tag = uniqueTag();
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  const jobId = await importThroughWizard(page, { tag, description: `Revert me ${tag}`, rows: ROWS });

  await page.goto(`/contacts?q=Bell${tag}`);
  await expect(page.getByRole('status')).toHaveText(`${ROWS} results`);

  await page.goto(`/imports/jobs/${jobId}`);
  await expect(page.getByLabel('Inserted', { exact: true })).toHaveText(String(ROWS));
  const revert = page.getByRole('region', { name: 'Revert' });
  await revert.getByRole('button', { name: 'Revert import' }).click();
  const dialog = page.getByRole('dialog', { name: 'Revert this import?' });
  await expect(dialog).toContainText(`${ROWS} contacts changed by this import will be put back`);
  // Keeping the import changes nothing.
  await dialog.getByRole('button', { name: 'Keep the import' }).click();
  await expect(dialog).toBeHidden();
  await revert.getByRole('button', { name: 'Revert import' }).click();
  await dialog.getByRole('button', { name: 'Revert', exact: true }).click();

  await expect(revert.getByRole('status')).toContainText(/^Reverted on .+ by /);
  await expect(revert.getByLabel('Created contacts deleted', { exact: true })).toHaveText(String(ROWS));
  await expect(revert.getByLabel(/^Conflicts/)).toHaveText('0');
  await expect(revert.getByRole('button', { name: 'Revert import' })).toHaveCount(0);

  await page.goto(`/contacts?q=Bell${tag}`);
  await expect(page.getByRole('main')).toContainText(`No contact matches “Bell${tag}”`);
});
