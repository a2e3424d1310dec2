import { expect, test, type Page } from '@playwright/test';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './fixtures/admin';
import { chooseEnglish, signIn, uniqueTag } from './support/session';
import { englishLeft, frText as fr, pageTexts } from './support/english-left';
import { createSourceThroughUi, numberPattern, seed004Csv } from './support/wizard-run';

// The seed 004 run in French, with a French header row: on each of the four steps no English
// string is left, and numbers are written the French way ("1 000").

async function expectNoEnglish(page: Page, step: string) {
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  const texts = await pageTexts(page);
  expect(texts.length, step).toBeGreaterThan(5);
  expect(englishLeft(texts), `English left on the ${step} step`).toEqual([]);
}

test.use({ locale: 'en-US' });

// The admin's language is saved on their account: leave it English for the other tests.
test.afterEach(async ({ page }) => {
  await page.context().clearCookies();
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  await chooseEnglish(page);
});

test('the wizard in French: French headers mapped, no English left, numbers the French way', async ({ page }) => {
  test.setTimeout(240_000);
  const tag = uniqueTag();
  const sourceName = `Source ${tag}`;
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  await page.getByLabel('Language').first().selectOption('fr');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await createSourceThroughUi(page, sourceName, { name: fr('sources.name'), add: fr('sources.addSubmit') });

  // External contacts > Add > Bulk import, in French.
  await page.getByRole('navigation', { name: fr('nav.label') }).getByRole('link', { name: fr('nav.contacts') }).click();
  await page.getByRole('main').getByText(fr('common.add'), { exact: true }).click();
  await page.getByRole('main').getByRole('link', { name: fr('wizard.title') }).click();

  // 1. Upload, with a French header row.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(fr('wizard.steps.upload'));
  await page.getByLabel(fr('wizardUpload.fileLabel')).setInputFiles({
    name: 'contacts-fr.csv', mimeType: 'text/csv',
    buffer: Buffer.from(seed004Csv(tag, ['ID externe', 'Prénom', 'Nom', 'Courriel professionnel'])),
  });
  const next = page.getByRole('button', { name: fr('common.next'), exact: true });
  await expect(next).toBeEnabled({ timeout: 30_000 });
  await expectNoEnglish(page, 'upload');
  await next.click();

  // 2. Import profile and settings: the French headers are mapped by themselves.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(fr('wizard.steps.settings'));
  await page.getByLabel(fr('wizardSettings.profile.label')).selectOption({ label: fr('wizardSettings.profile.createNew') });
  await page.getByLabel(fr('wizardSettings.profile.name')).fill(`Profil ${tag}`);
  await page.getByLabel(fr('wizardSettings.source.label')).selectOption({ label: sourceName });
  const used = page.getByRole('list', { name: fr('wizardSettings.matchBy.chosenList') });
  if (await used.getByRole('checkbox').count() === 0) {
    await page.getByRole('list', { name: fr('wizardSettings.matchBy.otherList') })
      .getByRole('checkbox', { name: fr('profiles.identifiers.externalId'), exact: true }).click();
  }
  await page.getByLabel(fr('wizardSettings.description.label'), { exact: true }).fill(`Importation ${tag}`);
  const fields = page.getByRole('table', { name: fr('wizardSettings.fieldsTable.title') });
  await expect(fields.getByRole('combobox', { name: fr('contacts.fields.firstName'), exact: true })).toHaveValue('Prénom');
  await expect(fields.getByRole('combobox', { name: fr('contacts.fields.lastName'), exact: true })).toHaveValue('Nom');
  await expect(fields.getByRole('combobox', { name: fr('contacts.fields.workEmail'), exact: true })).toHaveValue('Courriel professionnel');
  await expect(fields.getByRole('combobox', { name: fr('wizardSettings.fields.externalId'), exact: true })).toHaveValue('ID externe');
  await expectNoEnglish(page, 'settings');
  await page.getByRole('button', { name: fr('wizardSettings.next'), exact: true }).click();

  // 3. Validation.
  await expect(page).toHaveURL(/\/validation/, { timeout: 30_000 });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(fr('wizard.steps.validation'));
  await expect(page.getByLabel(fr('wizardRun.counts.validRows'), { exact: true })).toHaveText(numberPattern(985, 'fr'), { timeout: 60_000 });
  await expect(page.getByLabel(fr('wizardRun.counts.rowsInFile'), { exact: true })).toHaveText(numberPattern(1000, 'fr'));
  await expect(page.getByLabel(fr('wizardRun.counts.rowsInFile'), { exact: true })).toHaveText(/^1[\u202f\u00a0]000$/);
  await expect(page.getByRole('table', { name: fr('reports.errors.title') }).locator('tbody tr').first())
    .toContainText("n'est pas une adresse");
  // The workbench in French: its grid, each cell in error described in French, and the projection.
  const grid = page.getByRole('grid', { name: fr('workbench.grid.title') });
  await expect(grid.getByRole('rowheader')).toHaveCount(15);
  await expect(grid.locator('[aria-invalid="true"]').first()).toHaveAccessibleDescription(/n'est pas une adresse/);
  await expect(page.getByRole('heading', { name: fr('workbench.projection.title') })).toBeVisible();
  await expectNoEnglish(page, 'validation');

  // 4. Import.
  await page.getByRole('button', { name: fr('wizardRun.actions.import'), exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(fr('wizard.steps.import'));
  await expect(page.getByLabel(fr('wizardRun.result.imported'), { exact: true })).toHaveText(numberPattern(985, 'fr'), { timeout: 90_000 });
  await expect(page.getByLabel(fr('wizardRun.result.notImported'), { exact: true })).toHaveText(numberPattern(15, 'fr'));
  await expectNoEnglish(page, 'import');
});
