import { expect, test } from '@playwright/test';
import { buildWorkbook } from '../support/xlsx-files';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './fixtures/admin';
import { chooseEnglish, signIn, uniqueTag } from './support/session';
import { createSourceThroughUi } from './support/wizard-run';

test.use({ locale: 'en-US' });

const HEADER = ['External ID', 'First Name', 'Postal Code', 'Work Phone', 'Country Code'];

/** Two sheets, as an Excel export: a postal code typed as text, one zero-padded by its format, phones stored as numbers. */
function workbook(tag: string) {
  return buildWorkbook([
    {
      name: 'Contacts',
      rows: [
        HEADER,
        [`${tag}-1`, 'Zoé', '01234', 447911123456, 'GB'],
        [`${tag}-2`, 'Léa', { value: 7501, numFmt: '00000' }, 447912345678, 'GB'],
      ],
    },
    { name: 'Partners', rows: [HEADER, [`${tag}-P1`, 'Anaïs', { value: 501, numFmt: '00000' }, 447911000111, 'GB']] },
  ]);
}

test('an Excel workbook: preview as Excel shows it, another sheet chosen and back, imported with its counts', async ({ page }) => {
  test.setTimeout(120_000);
  const tag = uniqueTag();
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  await chooseEnglish(page);
  await createSourceThroughUi(page, `Source ${tag}`);
  await page.goto('/imports/new');
  await expect(page.getByRole('heading', { level: 1, name: 'Upload' })).toBeVisible();

  await page.getByLabel('CSV file or Excel workbook').setInputFiles({
    name: `contacts-${tag}.xlsx`, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: await workbook(tag),
  });
  const main = page.getByRole('main');
  const preview = page.getByRole('table', { name: 'Preview' });
  await expect(main.getByRole('status').filter({ hasText: 'Sheet “Contacts” read: 2 rows to import.' })).toBeVisible({ timeout: 30_000 });
  await expect(preview.getByRole('row')).toHaveCount(3);
  // The leading zero of a text cell and of a zero-padded number, the phone in full (not 4.47911E+11).
  await expect(preview.getByRole('row', { name: new RegExp(`${tag}-1 Zoé 01234 447911123456 GB`) })).toBeVisible();
  await expect(preview.getByRole('row', { name: new RegExp(`${tag}-2 Léa 07501 447912345678 GB`) })).toBeVisible();

  const sheet = page.getByLabel('Sheet to import');
  await expect(sheet).toHaveValue('Contacts');
  await expect(sheet).toBeEnabled();
  await sheet.selectOption('Partners');
  await expect(main.getByRole('status').filter({ hasText: 'Sheet “Partners” read: 1 row to import.' })).toBeVisible({ timeout: 30_000 });
  await expect(preview.getByRole('cell', { name: 'Anaïs' })).toBeVisible();
  await expect(preview.getByRole('cell', { name: '00501' })).toBeVisible();
  await expect(page.getByLabel('Sheet to import')).toHaveValue('Partners');

  await page.getByLabel('Sheet to import').selectOption('Contacts');
  await expect(main.getByRole('status').filter({ hasText: 'Sheet “Contacts” read: 2 rows to import.' })).toBeVisible({ timeout: 30_000 });
  await expect(preview.getByRole('cell', { name: '01234' })).toBeVisible();

  const next = page.getByRole('button', { name: 'Next', exact: true });
  await expect(next).toBeEnabled();
  await next.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Import profile and settings');
  await page.getByLabel('Import profile', { exact: true }).selectOption({ label: 'Create new import setting' });
  await page.getByLabel('Profile name').fill(`Profile ${tag}`);
  await page.getByLabel('External source').selectOption({ label: `Source ${tag}` });
  const used = page.getByRole('list', { name: 'Identifiers used, in order' });
  if (await used.getByRole('checkbox').count() === 0) {
    await page.getByRole('list', { name: 'Identifiers not used' }).getByRole('checkbox', { name: 'External ID', exact: true }).click();
  }
  await page.getByLabel('Description', { exact: true }).fill(`Workbook ${tag}`);
  await page.getByRole('button', { name: 'Next', exact: true }).click();

  await expect(page).toHaveURL(/\/imports\/jobs\/[0-9a-f-]+\/validation/, { timeout: 30_000 });
  await expect(page.getByLabel('Rows in file', { exact: true })).toHaveText('2', { timeout: 60_000 });
  await expect(page.getByLabel('Valid rows', { exact: true })).toHaveText('2');
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByLabel('Imported contacts', { exact: true })).toHaveText('2', { timeout: 60_000 });
  await expect(page.getByLabel('Contacts not imported', { exact: true })).toHaveText('0');
});

test('an .xls, and a workbook that cannot be read, are refused in plain words', async ({ page }) => {
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  await chooseEnglish(page);
  await page.goto('/imports/new');
  const input = page.getByLabel('CSV file or Excel workbook');
  const alert = page.getByRole('main').getByRole('alert');
  const next = page.getByRole('button', { name: 'Next', exact: true });

  const ole = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(512).fill(0)]);
  await input.setInputFiles({ name: 'old.xls', mimeType: 'application/vnd.ms-excel', buffer: ole });
  await expect(alert).toHaveText('This is an Excel 97-2003 workbook (.xls), which the import does not read. Save it as .xlsx or CSV in Excel, and upload that file.');
  await expect(next).toBeDisabled();

  const cut = (await workbook('CUT')).subarray(0, 2000);
  await page.getByLabel('CSV file or Excel workbook').setInputFiles({
    name: 'cut.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: cut,
  });
  await expect(alert).toHaveText(/^This file cannot be read as an Excel workbook \(\.xlsx\): it is damaged or incomplete\./, { timeout: 30_000 });
  await expect(next).toBeDisabled();
});
