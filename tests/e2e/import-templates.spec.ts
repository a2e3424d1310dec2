import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './fixtures/admin';
import { chooseEnglish, signIn, uniqueTag } from './support/session';
import { importThroughWizard, textOf, type Lang } from './support/wizard-import';

// The upload step's template and sample links, as a person uses them: the template's header line,
// then the sample imported as downloaded, and its organization shown on a contact's page.

test.use({ locale: 'en-US' });

// The admin's language is saved on their account: leave it English for the other tests.
test.afterEach(async ({ page }) => {
  await page.context().clearCookies();
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  await chooseEnglish(page);
});

/** Clicks a download link of the upload step's file requirements; returns the file's name and text. */
async function download(page: Page, lang: Lang, link: 'template' | 'sample') {
  await page.goto('/imports/new');
  await page.getByText(textOf(lang, 'wizardUpload.requirements.title'), { exact: true }).click();
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: textOf(lang, `importTemplates.${link}`), exact: true }).click(),
  ]);
  return { name: file.suggestedFilename(), text: await readFile((await file.path())!, 'utf8') };
}

test('the upload step offers a template with every field\'s header, in English and in French', async ({ page }) => {
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  const english = await download(page, 'en', 'template');
  expect(english.name).toBe('contacts-template.csv');
  expect(english.text.charCodeAt(0)).toBe(0xfeff);
  const header = english.text.slice(1).split('\r\n')[0];
  expect(header.startsWith('External ID,First Name,Middle Name,Last Name,')).toBe(true);
  expect(header.endsWith(',External Organization Website,External Organization Industry')).toBe(true);
  expect(english.text.slice(1).split('\r\n')).toEqual([header, '']);

  await page.getByLabel('Language').first().selectOption('fr');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  const french = await download(page, 'fr', 'template');
  expect(french.name).toBe('modele-contacts.csv');
  expect(french.text.slice(1).split('\r\n')[0].startsWith('ID externe;Prénom;Deuxième prénom;Nom;Civilité;')).toBe(true);
});

test('the sample imports as downloaded, and a contact\'s page shows its organization', async ({ page }) => {
  test.setTimeout(180_000);
  const tag = uniqueTag();
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  const sample = await download(page, 'en', 'sample');
  expect(sample.name).toBe('contacts-sample.csv');
  await importThroughWizard(page, { tag, description: `Sample ${tag}`, csv: sample.text, fileName: sample.name, rows: 3 });
  await expect(page.getByLabel(textOf('en', 'wizardRun.result.notImported'), { exact: true })).toHaveText('0');

  // The profile the wizard saved offers its own template, with the columns it maps.
  await page.goto('/import-profiles');
  await page.getByRole('link', { name: `Profile ${tag}`, exact: true }).click();
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: textOf('en', 'importTemplates.template'), exact: true }).click(),
  ]);
  expect(file.suggestedFilename()).toBe(`contacts-template-profile-${tag.toLowerCase()}.csv`);
  const profileHeader = (await readFile((await file.path())!, 'utf8')).slice(1).split('\r\n')[0];
  expect(profileHeader.split(',')).toEqual(sample.text.slice(1).split('\r\n')[0].split(','));

  await page.goto('/contacts?q=SAMPLE-001');
  await page.getByRole('main').getByRole('link', { name: 'Emma Johnson', exact: true }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ms. Emma Grace Johnson');
  const organization = page.getByRole('region', { name: 'External organization' });
  await expect(organization).toContainText('Northwind Traders');
  await expect(organization).toContainText('+14155550147');
  await expect(organization).toContainText('500 Market Street');
  await expect(organization).toContainText('Wholesale');
  await expect(organization.getByRole('link', { name: 'https://www.example.com/northwind' })).toBeVisible();

  // The same block in French.
  await page.getByLabel('Language').first().selectOption('fr');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  const organisation = page.getByRole('region', { name: textOf('fr', 'contacts.organizationBlock.title') });
  await expect(organisation.getByText(textOf('fr', 'contacts.organizationBlock.industry'), { exact: true })).toBeVisible();
  await expect(organisation).toContainText('Wholesale');
});
