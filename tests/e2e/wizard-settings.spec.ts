import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './fixtures/admin';
import { chooseEnglish, signIn, uniqueTag } from './support/session';
import { createSourceThroughApi, createTokenThroughProfile } from './support/tokens';

// The settings step of the bulk import (issue 4, step 2). The upload step's screen is built
// separately: files are sent to the upload API with the page's session.

test.use({ locale: 'en-US' });

const HEADER = 'ID externe;Prénom;Nom;Courriel professionnel;Téléphone mobile;Portable perso';
const csvFor = (tag: string) => [
  HEADER,
  `${tag}-1;Amélie;Durand;amelie.${tag}@example.fr;+33 6 12 34 56 78;06 11 22 33 44`,
  `${tag}-2;Bruno;Petit;bruno.${tag}@example;+44 20 7946 0958;`,
  `${tag}-3;Chloé;Martin;chloe.${tag}@example.fr;;`,
].join('\r\n');

async function uploadCsv(page: Page, csv: string, fileName: string): Promise<string> {
  const response = await page.request.post('/api/uploads', {
    data: Buffer.from(csv, 'utf8'),
    headers: { 'content-type': 'text/csv', 'x-file-name': encodeURIComponent(fileName) },
  });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()).id;
}

const matchGroup = (page: Page) => page.getByRole('group', { name: 'Match contacts by' });
const fieldsTable = (page: Page) => page.getByRole('table', { name: 'Import fields' });
const handle = (page: Page, name: string) => page.getByRole('button', { name: `Reorder ${name}` });

/** The chosen identifiers, in the order shown on screen. */
async function identifierOrder(page: Page): Promise<string[]> {
  return page.getByRole('list', { name: 'Identifiers used, in order' }).locator('li[data-identifier]')
    .evaluateAll((items) => items.map((item) => item.getAttribute('data-identifier') ?? ''));
}

async function dragWithMouse(page: Page, from: Locator, to: Locator) {
  const a = (await from.boundingBox())!;
  const b = (await to.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2 + 6, { steps: 3 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 15 });
  await page.mouse.up();
}

async function expectNoSeriousAxeViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test('settings step: French headers, a new profile, identifiers ordered by mouse and keyboard, reused next time', async ({ page }) => {
  test.setTimeout(120_000);
  // A hydration mismatch or a failed server action would show here first.
  const consoleErrors: string[] = [];
  page.on('console', (message) => { if (message.type() === 'error') consoleErrors.push(message.text()); });
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  await chooseEnglish(page);
  const tag = uniqueTag();
  const sourceName = `CRM ${tag}`;
  const sourceId = await createSourceThroughApi(page, await createTokenThroughProfile(page, `Settings ${tag}`), sourceName);

  // 1. A file with French headers.
  const firstUpload = await uploadCsv(page, csvFor(tag), `contacts-${tag}.csv`);
  await page.goto(`/imports/new/${firstUpload}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Import profile and settings' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Bulk import steps' }).locator('[aria-current="step"]'))
    .toContainText('Import profile and settings');
  const table = fieldsTable(page);
  await expect(table.getByLabel('External ID', { exact: true })).toHaveValue('ID externe');
  await expect(table.getByLabel('First name', { exact: true })).toHaveValue('Prénom');
  await expect(table.getByLabel('Last name', { exact: true })).toHaveValue('Nom');
  await expect(table.getByLabel('Work e-mail', { exact: true })).toHaveValue('Courriel professionnel');
  await expect(table.getByLabel('Cell phone', { exact: true })).toHaveValue('Téléphone mobile');
  await expect(table.getByLabel('Home phone', { exact: true })).toHaveValue('');

  // The preview shows the rows as imported: phones in E.164, the bad e-mail marked.
  const preview = page.getByRole('table', { name: 'Preview' });
  await expect(preview.getByRole('row').nth(1)).toContainText('+33612345678');
  const invalid = preview.locator('td.cell-invalid');
  await expect(invalid).toHaveCount(1);
  await expect(invalid).toContainText(`bruno.${tag}@example`);
  await expect(invalid).toHaveAttribute('title', /is not a valid e-mail address/);

  // 2. A new profile, with a column mapped by hand and settings other than the defaults.
  await expect(page.getByLabel('Import profile')).toHaveValue('new');
  await page.getByLabel('Profile name').fill(`Profile ${tag}`);
  await page.getByLabel('External source').selectOption({ label: sourceName });
  // A national number reads in the default country: US first (invalid), then FR.
  await table.getByLabel('Home phone', { exact: true }).selectOption('Portable perso');
  await expect(preview.locator('td.cell-invalid')).toHaveCount(2);
  await expect(preview.locator('td.cell-invalid').first()).toContainText('06 11 22 33 44');
  await page.getByLabel('Default country for phone numbers').fill('FR');
  await expect(preview.getByRole('row').nth(1)).toContainText('+33611223344');
  await page.getByRole('radio', { name: 'Merge and update all matched contacts' }).check();

  // 3. Three identifiers, reordered by mouse, by keyboard and with the buttons.
  const group = matchGroup(page);
  await group.getByRole('checkbox', { name: 'Work e-mail' }).check();
  await group.getByRole('checkbox', { name: 'Cell phone' }).check();
  expect(await identifierOrder(page)).toEqual(['externalId', 'workEmail', 'cellPhone']);
  await dragWithMouse(page, handle(page, 'Cell phone'), handle(page, 'External ID'));
  await expect.poll(() => identifierOrder(page)).toEqual(['cellPhone', 'externalId', 'workEmail']);
  // Keyboard: Space lifts, arrows move, Space drops; each step is announced to screen readers.
  const announcer = page.locator('[id^="DndLiveRegion"]');
  await handle(page, 'Cell phone').focus();
  await page.keyboard.press('Space');
  await expect(announcer).toHaveText('Picked up Cell phone, position 1 of 3.');
  await page.keyboard.press('ArrowDown');
  await expect(announcer).toHaveText('Cell phone is over position 2 of 3.');
  await page.keyboard.press('Space');
  await expect(announcer).toHaveText('Cell phone moved to position 2 of 3.');
  await expect.poll(() => identifierOrder(page)).toEqual(['externalId', 'cellPhone', 'workEmail']);
  await page.getByRole('button', { name: 'Move up: Work e-mail' }).click();
  await expect.poll(() => identifierOrder(page)).toEqual(['externalId', 'workEmail', 'cellPhone']);
  await expect(page.getByRole('button', { name: 'Move up: Work e-mail' })).toBeFocused();

  await expectNoSeriousAxeViolations(page);

  // 4. Next: the profile is saved and the job starts its validation.
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page).toHaveURL(/\/imports\/jobs\/[0-9a-f-]{36}\/validation$/);

  // 5. A second file: the saved profile brings back every setting.
  const secondUpload = await uploadCsv(page, csvFor(`${tag}b`), `contacts-${tag}-b.csv`);
  await page.goto(`/imports/new/${secondUpload}`);
  await page.getByLabel('Import profile').selectOption({ label: `Profile ${tag}` });
  await expect(page.getByLabel('External source')).toHaveValue(sourceId);
  await expect.poll(() => identifierOrder(page)).toEqual(['externalId', 'workEmail', 'cellPhone']);
  await expect(page.getByRole('radio', { name: 'Merge and update all matched contacts' })).toBeChecked();
  await expect(page.getByRole('radio', { name: 'Insert, update, delete' })).toBeChecked();
  await expect(page.getByLabel('Default country for phone numbers')).toHaveValue('FR');
  await expect(fieldsTable(page).getByLabel('Home phone', { exact: true })).toHaveValue('Portable perso');
  await expect(fieldsTable(page).getByLabel('First name', { exact: true })).toHaveValue('Prénom');
  await expect(page.getByLabel('Profile name')).toHaveCount(0);

  // Drop and insert names what it deletes and wants a confirmation.
  await page.getByRole('radio', { name: 'Drop and insert' }).check();
  await expect(page.getByText(`This will delete 0 contacts of ${sourceName}`)).toBeVisible();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Some settings need your attention' })).toBeVisible();
  await expect(page.getByText('Confirm that these contacts may be deleted.')).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/imports/new/${secondUpload}$`));
  await expectNoSeriousAxeViolations(page);

  // 6. Reload keeps the draft.
  await page.getByRole('radio', { name: 'Insert, update, delete' }).check();
  await page.getByLabel('Description').fill(`Second run ${tag}`);
  // The draft is saved once typing pauses (debounced), then the page is reloaded.
  await page.waitForTimeout(1500);
  await page.reload();
  await expect(page.getByLabel('Description')).toHaveValue(`Second run ${tag}`);
  await expect(page.getByLabel('Import profile').locator('option:checked')).toHaveText(`Profile ${tag}`);
  await expect.poll(() => identifierOrder(page)).toEqual(['externalId', 'workEmail', 'cellPhone']);
  await expect(page.getByRole('radio', { name: 'Insert, update, delete' })).toBeChecked();
  expect(consoleErrors).toEqual([]);
});

test('someone else’s or an unknown upload is not found', async ({ page }) => {
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  const response = await page.goto('/imports/new/00000000-0000-4000-8000-000000000000');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1, name: 'Import profile and settings' })).toHaveCount(0);
});
