import { expect, test, type Page } from '@playwright/test';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './fixtures/admin';
import { signIn, uniqueTag } from './support/session';
import { importThroughWizard, textOf } from './support/wizard-import';

// Issue 23, create-only and update-only: an update-only import made in the wizard, on a file of
// 10 contacts imported before and 10 new ones. The new ones are skipped, and the result, the job
// page and the Imports list say so.

test.use({ locale: 'en-US' });

const en = (key: string) => textOf('en', key);
const KEYS = ['profiles.rowActions.unmatchedRows.label', 'profiles.rowActions.unmatchedRows.skip',
  'profiles.rowActions.matchedRows.label', 'profiles.rowActions.matchedRows.skip', 'wizardRun.result.skipped',
  'importsList.columns.skipped'];

/** The value of a setting on the profile's page. */
const setting = (page: Page, term: string) => page.getByRole('term').filter({ hasText: term })
  .locator('xpath=following-sibling::dd[1]');

/** The text of the Imports table's cell in the column headed `column`, on the row of `description`. */
async function listedCounter(page: Page, description: string, column: string) {
  const table = page.getByRole('table', { name: en('importsList.tableLabel') });
  const headers = await table.getByRole('columnheader').allInnerTexts();
  const index = headers.findIndex((header) => header.trim() === column);
  expect(index, `column ${column} in ${headers.join(', ')}`).toBeGreaterThan(0);
  const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: description, exact: true }) });
  // The row's first column is its header (the description): cells start at the second.
  return row.getByRole('cell').nth(index - 1);
}

test('an update-only import skips the rows that match no contact, and every page counts them', async ({ page }) => {
  test.setTimeout(240_000);
  // The labels exist in both languages.
  for (const key of KEYS) expect(textOf('fr', key)).not.toBe(textOf('en', key));
  const tag = uniqueTag();
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  await importThroughWizard(page, { tag, description: `Known ${tag}`, rows: 10 });

  const lines = ['External ID,First Name,Last Name,Work Email'];
  for (let i = 1; i <= 10; i += 1) lines.push(`${tag}-${i},Nora${i},Moved${tag},nora.${i}.${tag}@example.test`);
  for (let i = 1; i <= 10; i += 1) lines.push(`NEW-${tag}-${i},Newt${i},Fresh${tag},newt.${i}.${tag}@example.test`);
  const description = `Update only ${tag}`;
  const jobId = await importThroughWizard(page, {
    tag, description, rows: 20, csv: `${lines.join('\r\n')}\r\n`, sourceName: `Source ${tag}`, profileName: `Update only ${tag}`,
    moreSettings: async (settings) => {
      const unmatched = settings.getByRole('group', { name: en('profiles.rowActions.unmatchedRows.label') });
      await unmatched.getByLabel(en('profiles.rowActions.unmatchedRows.skip'), { exact: true }).check();
      await expect(unmatched.getByLabel(en('profiles.rowActions.unmatchedRows.skip'), { exact: true })).toBeChecked();
      const matched = settings.getByRole('group', { name: en('profiles.rowActions.matchedRows.label') });
      await expect(matched.getByLabel(en('profiles.rowActions.matchedRows.update'), { exact: true })).toBeChecked();
    },
  });

  // The import step's result.
  await expect(page.getByLabel(en('wizardRun.result.skipped'), { exact: true })).toHaveText('10');
  await expect(page.getByLabel(en('wizardRun.result.imported'), { exact: true })).toHaveText('10');
  await expect(page.getByLabel(en('wizardRun.result.updated'), { exact: true })).toHaveText('10');
  await expect(page.getByLabel(en('wizardRun.result.inserted'), { exact: true })).toHaveText('0');

  // The job page: the counters, and the setting it ran with.
  await page.goto(`/imports/jobs/${jobId}`);
  await expect(page.getByLabel('Skipped', { exact: true })).toHaveText('10');
  await expect(page.getByLabel(en('wizardRun.result.notImported'), { exact: true })).toHaveText('0');
  await expect(page.getByLabel(en('profiles.rowActions.unmatchedRows.label'), { exact: true }))
    .toHaveText(en('profiles.rowActions.unmatchedRows.skip'));

  // What is stored: the known contacts updated, no new contact.
  await page.goto(`/contacts?q=Moved${tag}`);
  await expect(page.getByRole('status')).toHaveText('10 results');
  await page.goto(`/contacts?q=Fresh${tag}`);
  await expect(page.getByRole('main')).toContainText(`No contact matches “Fresh${tag}”`);

  // The Imports list.
  await page.goto(`/imports?description=${encodeURIComponent(description)}`);
  await expect(await listedCounter(page, description, en('importsList.columns.skipped'))).toHaveText('10');
  await expect(await listedCounter(page, description, en('importsList.columns.updated'))).toHaveText('10');

  // The profile the wizard saved says what it does with rows; its form refuses skipping rows with
  // Drop and insert, with the reason next to the setting, and saves a create-only profile.
  await page.goto('/import-profiles');
  await page.getByRole('link', { name: `Update only ${tag}`, exact: true }).click();
  await expect(setting(page, en('profiles.rowActions.unmatchedRows.label'))).toContainText(en('profiles.rowActions.unmatchedRows.skip'));
  await expect(setting(page, en('profiles.rowActions.matchedRows.label'))).toContainText(en('profiles.rowActions.matchedRows.update'));
  await page.getByRole('link', { name: 'Edit', exact: true }).click();
  const unmatched = page.getByRole('group', { name: en('profiles.rowActions.unmatchedRows.label') });
  const matched = page.getByRole('group', { name: en('profiles.rowActions.matchedRows.label') });
  await expect(unmatched.getByLabel(en('profiles.rowActions.unmatchedRows.skip'), { exact: true })).toBeChecked();
  await page.getByRole('radio', { name: en('profiles.loadTypes.dropAndInsert'), exact: true }).check();
  await page.getByRole('button', { name: en('common.save'), exact: true }).click();
  await expect(unmatched).toContainText(en('wizardSettings.errors.rowActionsLoadType'));
  await expect(page).toHaveURL(/\/edit$/);
  await page.getByRole('radio', { name: en('profiles.loadTypes.upsert'), exact: true }).check();
  await unmatched.getByLabel(en('profiles.rowActions.unmatchedRows.create'), { exact: true }).check();
  await matched.getByLabel(en('profiles.rowActions.matchedRows.skip'), { exact: true }).check();
  await page.getByRole('button', { name: en('common.save'), exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Update only ${tag}` })).toBeVisible();
  await expect(setting(page, en('profiles.rowActions.unmatchedRows.label'))).toContainText(en('profiles.rowActions.unmatchedRows.create'));
  await expect(setting(page, en('profiles.rowActions.matchedRows.label'))).toContainText(en('profiles.rowActions.matchedRows.skip'));
});
