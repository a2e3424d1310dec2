import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './fixtures/admin';
import { signIn, uniqueTag } from './support/session';
import {
  BAD_LINES, BAD_ROWS, createSourceThroughUi, dragWithMouse, moveUpWithKeyboard, numberPattern, seed004Csv,
} from './support/wizard-run';

// Seed 004, through the whole wizard as a person does it: a 1,000-row file with 15 incomplete
// e-mails, a new import profile whose identifiers are ordered by mouse and by keyboard, the
// validation (985 valid / 15 invalid, the 15 lines listed), the import, and the contacts found.

test.use({ locale: 'en-US' });

async function expectNoSeriousViolations(page: Page, step: string) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious, `axe on the ${step} step`).toEqual([]);
}

/** The identifiers in the order they are tried, as the "Match contacts by" list shows them. */
async function chosenIdentifiers(page: Page): Promise<string[]> {
  const list = page.getByRole('list', { name: 'Identifiers used, in order' });
  return list.getByRole('checkbox').evaluateAll((boxes) => boxes.map((box) => box.closest('label')?.textContent?.trim() ?? ''));
}

test('seed 004: upload, new profile, validate 985/15, import, find the contacts', async ({ page }) => {
  test.setTimeout(240_000);
  const tag = uniqueTag();
  const sourceName = `CRM ${tag}`;
  const profileName = `Seed 004 ${tag}`;
  const description = `Seed 004 import ${tag}`;

  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  await createSourceThroughUi(page, sourceName);

  // External contacts > Add > Bulk import.
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'External contacts' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'External contacts' })).toBeVisible();
  await page.getByRole('main').getByText('Add', { exact: true }).click();
  await page.getByRole('main').getByRole('link', { name: 'Bulk import' }).click();

  // 1. Upload.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Upload');
  await page.getByLabel('CSV file').setInputFiles({
    name: 'seed-004.csv', mimeType: 'text/csv',
    buffer: Buffer.from(seed004Csv(tag, ['External ID', 'First Name', 'Last Name', 'Work Email'])),
  });
  const next = page.getByRole('button', { name: 'Next', exact: true });
  await expect(next).toBeEnabled({ timeout: 30_000 });
  await next.click();

  // 2. Import profile and settings.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Import profile and settings');
  await page.getByLabel('Import profile').selectOption({ label: 'Create new import setting' });
  await page.getByLabel('Profile name').fill(profileName);
  await page.getByLabel('External source').selectOption({ label: sourceName });
  const matchBy = page.getByRole('group', { name: 'Match contacts by' });
  for (const name of await chosenIdentifiers(page)) {
    if (!['External ID', 'Work e-mail', 'Cell phone'].includes(name)) {
      await page.getByRole('list', { name: 'Identifiers used, in order' }).getByRole('checkbox', { name, exact: true }).click();
    }
  }
  for (const name of ['External ID', 'Work e-mail', 'Cell phone']) {
    const unused = matchBy.getByRole('list', { name: 'Identifiers not used' }).getByRole('checkbox', { name, exact: true });
    // A ticked identifier moves to the list used: click, not check (that would wait for it to stay).
    if (await unused.count()) await unused.click();
  }
  await expect.poll(() => chosenIdentifiers(page)).toEqual(['External ID', 'Work e-mail', 'Cell phone']);
  // With the mouse: Cell phone dragged to the top.
  await dragWithMouse(page, matchBy.getByRole('button', { name: 'Reorder Cell phone' }),
    page.getByRole('list', { name: 'Identifiers used, in order' }).getByRole('listitem').first());
  await expect.poll(() => chosenIdentifiers(page)).toEqual(['Cell phone', 'External ID', 'Work e-mail']);
  // With the keyboard: Work e-mail up one place.
  await moveUpWithKeyboard(page, matchBy.getByRole('button', { name: 'Reorder Work e-mail' }));
  await expect.poll(() => chosenIdentifiers(page)).toEqual(['Cell phone', 'Work e-mail', 'External ID']);
  await page.getByRole('group', { name: 'Merge matched contacts' }).getByLabel('Update first matched contact only').check();
  await page.getByRole('group', { name: 'Load type' }).getByLabel('Insert, update, delete').check();
  await page.getByLabel('Division', { exact: true }).selectOption({ label: 'Home' });
  await page.getByLabel('Description', { exact: true }).fill(description);
  // Import fields: English headers are mapped by themselves.
  const importFields = page.getByRole('table', { name: 'Import fields' });
  await expect(importFields.getByRole('combobox', { name: 'Work e-mail' })).toHaveValue('Work Email');
  await expect(importFields.getByRole('combobox', { name: 'First name' })).toHaveValue('First Name');
  await expect(importFields.getByRole('combobox', { name: 'Last name' })).toHaveValue('Last Name');
  await page.getByRole('button', { name: 'Next', exact: true }).click();

  // 3. Validation.
  await expect(page).toHaveURL(/\/imports\/jobs\/[0-9a-f-]+\/validation/, { timeout: 30_000 });
  const jobUrl = page.url().replace(/\/validation.*$/, '');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Validation');
  await expect(page.getByLabel('Valid rows', { exact: true })).toHaveText(numberPattern(985, 'en'), { timeout: 60_000 });
  await expect(page.getByLabel('Invalid rows', { exact: true })).toHaveText(numberPattern(15, 'en'));
  await expect(page.getByLabel('Rows in file', { exact: true })).toHaveText(numberPattern(1000, 'en'));
  const log = page.getByRole('table', { name: 'Validation log' });
  const lines = await log.locator('tbody tr th').allInnerTexts();
  expect(lines.map(Number)).toEqual(BAD_LINES);
  await expect(log.locator('tbody tr').first()).toContainText('is not a valid e-mail address');
  const reportHref = await page.getByRole('link', { name: 'Download the full error report' }).getAttribute('href');
  const report = await page.request.get(reportHref ?? 'missing');
  expect(report.status()).toBe(200);
  const reportLines = (await report.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
  expect(reportLines).toHaveLength(16);
  expect(reportLines.slice(1).map((line) => line.split(',')[4])).toEqual(BAD_LINES.map(String));
  await expectNoSeriousViolations(page, 'validation');

  // 4. Import.
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page).toHaveURL(/\/imports\/jobs\/[0-9a-f-]+\/import$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Import');
  await expect(page.getByLabel('Imported contacts', { exact: true })).toHaveText(numberPattern(985, 'en'), { timeout: 90_000 });
  await expect(page.getByLabel('Contacts not imported', { exact: true })).toHaveText(numberPattern(15, 'en'));
  await expect(page.getByLabel('Inserted', { exact: true })).toHaveText(numberPattern(985, 'en'));
  await expectNoSeriousViolations(page, 'import');

  // The job ran with the identifiers in the order given, and the profile was saved with it.
  await page.getByRole('link', { name: 'Open the import job' }).click();
  await expect(page).toHaveURL(jobUrl);
  await expect(page.getByLabel('Match contacts by').getByRole('listitem')).toHaveText(['Cell phone', 'Work e-mail', 'External ID']);
  await expect(page.getByLabel('Import profile', { exact: true })).toHaveText(profileName);
  await page.goto('/import-profiles');
  await expect(page.getByRole('row', { name: new RegExp(profileName) }).getByRole('listitem'))
    .toHaveText(['Cell phone', 'Work e-mail', 'External ID']);

  // The contacts are on the External contacts page; one with a bad e-mail is not.
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'External contacts' }).click();
  await page.getByLabel('Search contacts').fill(`Ann500 Seed${tag}`);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByRole('link', { name: `Ann500 Seed${tag}` })).toBeVisible();
  await page.getByLabel('Search contacts').fill(`Seed${tag}`);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByRole('status')).toHaveText('985 results');
  await page.getByLabel('Search contacts').fill(`Ann${BAD_ROWS[0]} Seed${tag}`);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByRole('main')).toContainText(`No contact matches “Ann${BAD_ROWS[0]} Seed${tag}”`);
});
