import { expect, test, type Page } from '@playwright/test';
import { cp1252 } from '../support/encoded-files';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './fixtures/admin';
import { frText as fr } from './support/english-left';
import { chooseEnglish, signIn, uniqueTag } from './support/session';
import { importThroughWizard } from './support/wizard-import';

// Files saved by a French Excel in Windows-1252 ("CSV (séparateur : point-virgule)"): the upload
// step says what it read them as, another encoding can be chosen, and the accents arrive intact.

test.use({ locale: 'en-US' });

/** A French Excel export: semicolons, CRLF, accents, œ and €, « » quotes; last names carry the tag. */
function frenchExport(tag: string): string {
  return 'ID externe;Prénom;Nom;Titre;Ville\r\n'
    + `${tag}-1;Françoise;Lefèvre${tag};Chargée « clientèle »;Besançon\r\n`
    + `${tag}-2;Jérôme;Cœur${tag};Responsable à 5 €;Nîmes\r\n`;
}

/** The contact page of the one contact whose name holds `name`, through the contacts search. */
async function openContact(page: Page, name: string) {
  await page.goto(`/contacts?q=${encodeURIComponent(name)}`);
  await page.getByRole('main').getByRole('link', { name: new RegExp(name) }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(name);
}

test('a Windows-1252 export is read as such, another encoding that refuses it changes nothing, and the accents are stored', async ({ page }) => {
  test.setTimeout(180_000);
  const tag = uniqueTag();
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  await chooseEnglish(page);
  await importThroughWizard(page, {
    tag, description: `Windows-1252 ${tag}`, rows: 2, csv: cp1252(frenchExport(tag)), fileName: `excel-${tag}.csv`,
    async uploadStep() {
      const facts = page.getByRole('region', { name: 'File' });
      await expect(page.getByText('Read as Windows-1252 (Western European)', { exact: true })).toBeVisible();
      const preview = page.getByRole('table', { name: 'Preview' });
      await expect(preview.getByRole('row', { name: new RegExp(`${tag}-2 Jérôme Cœur${tag} Responsable à 5 € Nîmes`) })).toBeVisible();
      // ISO-8859-15 has no character at 0x80 (Windows-1252's €): refused with its line, the reading stays.
      const encoding = page.getByLabel('Read the file as');
      await expect(encoding).toHaveValue('windows-1252');
      await encoding.selectOption({ label: 'ISO-8859-15 (Latin-9, Western European with €)' });
      await page.getByRole('button', { name: 'Read again' }).click();
      await expect(page.getByRole('main').getByRole('alert')).toHaveText(/^Line 3 holds a byte that is not text in ISO-8859-15\./);
      await expect(facts.getByText('Read as Windows-1252 (Western European)', { exact: true })).toBeVisible();
      await expect(preview.getByRole('cell', { name: 'Responsable à 5 €' })).toBeVisible();
      await expect(page.getByRole('button', { name: 'Next', exact: true })).toBeEnabled();
    },
  });
  await expect(page.getByLabel('Imported contacts', { exact: true })).toHaveText('2');
  await expect(page.getByLabel('Contacts not imported', { exact: true })).toHaveText('0');

  await openContact(page, `Cœur${tag}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`Jérôme Cœur${tag}`);
  await expect(page.getByRole('main')).toContainText('Responsable à 5 €');
  await expect(page.getByRole('main')).toContainText('Nîmes');
  await openContact(page, `Lefèvre${tag}`);
  await expect(page.getByRole('main')).toContainText('Chargée « clientèle »');
  await expect(page.getByRole('main')).toContainText('Besançon');
});

test('choosing ISO-8859-15 reads the file again: ¤ becomes €, ½ becomes œ, and that is what is imported', async ({ page }) => {
  test.setTimeout(180_000);
  const tag = uniqueTag();
  const csv = cp1252(`ID externe;Prénom;Nom;Titre\r\n${tag}-1;Zoé;C\u00bdur${tag};Tarif 5 \u00a4\r\n`);
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  await chooseEnglish(page);
  await importThroughWizard(page, {
    tag, description: `ISO-8859-15 ${tag}`, rows: 1, csv, fileName: `latin9-${tag}.csv`,
    async uploadStep() {
      const preview = page.getByRole('table', { name: 'Preview' });
      await expect(page.getByText('Read as Windows-1252 (Western European)', { exact: true })).toBeVisible();
      await expect(preview.getByRole('cell', { name: 'Tarif 5 ¤' })).toBeVisible();
      await page.getByLabel('Read the file as').selectOption('iso-8859-15');
      await page.getByRole('button', { name: 'Read again' }).click();
      await expect(page.getByText('Read as ISO-8859-15 (Latin-9, Western European with €)', { exact: true })).toBeVisible();
      await expect(page.getByText('(Detected: Windows-1252 (Western European))')).toBeVisible();
      await expect(preview.getByRole('cell', { name: 'Tarif 5 €' })).toBeVisible();
      await expect(preview.getByRole('cell', { name: `Cœur${tag}` })).toBeVisible();
      // Back and forth: the page loaded again shows the reading chosen.
      await page.reload();
      await expect(page.getByText('Read as ISO-8859-15 (Latin-9, Western European with €)', { exact: true })).toBeVisible();
      await expect(page.getByRole('table', { name: 'Preview' }).getByRole('cell', { name: 'Tarif 5 €' })).toBeVisible();
    },
  });
  await expect(page.getByLabel('Imported contacts', { exact: true })).toHaveText('1');
  await openContact(page, `Cœur${tag}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`Zoé Cœur${tag}`);
  await expect(page.getByRole('main')).toContainText('Tarif 5 €');
});

/** The value of a setting on a profile's page. */
const setting = (page: Page, term: string) => page.getByRole('term')
  .filter({ hasText: new RegExp(`^${term}$`) }).locator('xpath=following-sibling::dd[1]');

test("a profile pins its drop folder files' encoding from its edit page", async ({ page }) => {
  test.setTimeout(120_000);
  const tag = uniqueTag();
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  await chooseEnglish(page);
  // The profile is saved by the wizard, as a person makes one.
  await importThroughWizard(page, {
    tag, description: `Profile ${tag}`, rows: 2, csv: cp1252(frenchExport(tag)), fileName: `profile-${tag}.csv`, validateOnly: true,
  });
  await page.goto('/import-profiles');
  await page.getByRole('link', { name: `Profile ${tag}`, exact: true }).click();
  await expect(setting(page, 'Text encoding of files')).toHaveText('Detect for each file');
  await page.getByRole('link', { name: 'Edit', exact: true }).click();
  const encoding = page.getByLabel('Text encoding of files');
  await expect(encoding).toHaveValue('');
  await encoding.selectOption({ label: 'ISO-8859-15 (Latin-9, Western European with €)' });
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Profile ${tag}` })).toBeVisible();
  await expect(setting(page, 'Text encoding of files')).toHaveText('ISO-8859-15 (Latin-9, Western European with €)');
});

test.describe('in French', () => {
  // The admin's language is saved on their account: leave it English for the other tests.
  test.afterEach(async ({ page }) => {
    await page.context().clearCookies();
    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
    await chooseEnglish(page);
  });

  test('the upload step says what it read the file as', async ({ page }) => {
    const tag = uniqueTag();
    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
    await page.getByLabel('Language').first().selectOption('fr');
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await page.goto('/imports/new');
    await page.getByLabel(fr('wizardUpload.fileLabel')).setInputFiles({
      name: `excel-${tag}.csv`, mimeType: 'text/csv', buffer: Buffer.from(cp1252(frenchExport(tag))),
    });
    await expect(page.getByText('Lu en Windows-1252 (Europe occidentale)', { exact: true })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByLabel(fr('wizardUpload.encoding.choose'))).toHaveValue('windows-1252');
  });
});
