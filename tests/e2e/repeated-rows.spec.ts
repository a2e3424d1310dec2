import { expect, test } from '@playwright/test';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './fixtures/admin';
import { signIn, uniqueTag } from './support/session';
import { importThroughWizard } from './support/wizard-import';

// A file whose line 7 repeats line 3's External ID: the validation step counts a repeated row, the
// log says "Line 7 repeats line 3" as a warning, and its filter shows warnings or errors apart.
// The profile page's switch turns the e-mails about one's imports off and on again.

test.use({ locale: 'en-US' });

function csvWithRepeat(tag: string): string {
  const lines = ['External ID,First Name,Last Name,Work Email'];
  for (let row = 1; row <= 7; row += 1) lines.push(`${tag}-${row},Ann${row},Lee,ann.${row}.${tag}@example.test`);
  lines[6] = `${tag}-2,Bob,Again,bob.${tag}@example.test`; // line 7 (the header is line 1) repeats line 3
  lines.push(`${tag}-8,Bad,Mail,not-an-email`); // line 9: an error
  return `${lines.join('\r\n')}\r\n`;
}

test('the validation log shows a repeated row as a warning, with a filter for errors and warnings', async ({ page }) => {
  test.setTimeout(120_000);
  const tag = uniqueTag();
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  await importThroughWizard(page, { tag, description: `Repeats ${tag}`, rows: 8, csv: csvWithRepeat(tag), validateOnly: true });
  await expect(page.getByLabel('Repeated rows', { exact: true })).toHaveText('1', { timeout: 60_000 });
  await expect(page.getByLabel('Invalid rows', { exact: true })).toHaveText('1');
  await expect(page.getByLabel('Valid rows', { exact: true })).toHaveText('7');

  const log = page.getByRole('table', { name: 'Validation log' });
  await expect(page.getByText('Errors: 1. Warnings: 1')).toBeVisible();
  await expect(log.getByRole('row')).toHaveCount(3);

  await page.getByLabel('Errors or warnings').selectOption({ label: 'Warnings only (1)' });
  await page.getByRole('button', { name: 'Filter', exact: true }).click();
  await expect(page).toHaveURL(/severity=warning/);
  await expect(log.getByRole('row')).toHaveCount(2);
  const warning = log.getByRole('row').nth(1);
  await expect(warning.getByRole('rowheader')).toHaveText('7');
  await expect(warning).toContainText('Warning');
  await expect(warning).toContainText('Line 7 repeats line 3 (same External ID).');

  await page.getByLabel('Errors or warnings').selectOption({ label: 'Errors only (1)' });
  await page.getByRole('button', { name: 'Filter', exact: true }).click();
  await expect(page).toHaveURL(/severity=error/);
  await expect(log.getByRole('row')).toHaveCount(2);
  await expect(log.getByRole('row').nth(1).getByRole('rowheader')).toHaveText('9');
});

test('a user turns the e-mails about their imports off on their profile page, and on again', async ({ page }) => {
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  await page.goto('/profile');
  const box = page.getByRole('checkbox', { name: 'E-mail me when my imports complete or fail' });
  await expect(box).toBeChecked();
  await box.uncheck();
  await expect(page.getByRole('status').filter({ hasText: 'you will no longer get e-mails' })).toBeVisible();
  await page.reload();
  await expect(box).not.toBeChecked();
  await box.check();
  await expect(page.getByRole('status').filter({ hasText: 'you will get an e-mail when your imports end' })).toBeVisible();
  await page.reload();
  await expect(box).toBeChecked();
});
