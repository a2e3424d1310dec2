import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './fixtures/admin';
import { createRoleWithPermissions, createUserWithRole, grantPermissions } from './support/admin-ui';
import { englishLeft, pageTexts } from './support/english-left';
import { chooseEnglish, signIn, signOut, uniqueTag } from './support/session';
import { createSourceThroughUi, dragWithMouse } from './support/wizard-run';

// The import profiles pages (issue 5, part 5): list, view in words, edit, duplicate, delete.

test.use({ locale: 'en-US' });

/** A profile saved by the wizard (with its remembered mappings), and the job that used it. */
async function createProfileThroughWizard(page: Page, tag: string) {
  const sourceName = `CRM ${tag}`;
  await createSourceThroughUi(page, sourceName);
  const csv = ['ID externe;Prénom;Nom;Courriel professionnel', `${tag}-1;Amélie;Durand;amelie.${tag}@example.fr`].join('\r\n');
  const upload = await page.request.post('/api/uploads', {
    data: Buffer.from(csv, 'utf8'),
    headers: { 'content-type': 'text/csv', 'x-file-name': encodeURIComponent(`profiles-${tag}.csv`) },
  });
  expect(upload.status(), await upload.text()).toBe(201);
  await page.goto(`/imports/new/${(await upload.json()).id}`);
  const name = `Profile ${tag}`;
  await page.getByLabel('Profile name').fill(name);
  await page.getByLabel('External source').selectOption({ label: sourceName });
  await page.getByRole('group', { name: 'Match contacts by' }).getByRole('checkbox', { name: 'Work e-mail' }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page).toHaveURL(/\/imports\/jobs\/[0-9a-f-]{36}\/validation$/);
  const jobId = page.url().split('/').at(-2)!;
  return { name, sourceName, jobId };
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The value of a setting: the definition after its term. */
const setting = (page: Page, term: string) => page.getByRole('term')
  .filter({ hasText: new RegExp(`^${escape(term)}$`) }).locator('xpath=following-sibling::dd[1]');
const matchByOrder = (page: Page) => setting(page, 'Match contacts by').getByRole('listitem').allTextContents();
const handle = (page: Page, name: string) => page.getByRole('button', { name: `Reorder ${name}` });

/** Checks this page's own content (the header belongs to the shared layout). */
async function expectNoSeriousAxeViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).include('main').analyze();
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test('a profile in words, edited (match-by reordered), duplicated and deleted after a confirmation', async ({ page }) => {
  test.setTimeout(120_000);
  const consoleErrors: string[] = [];
  page.on('console', (message) => { if (message.type() === 'error') consoleErrors.push(message.text()); });
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  await chooseEnglish(page);
  const { name, sourceName, jobId } = await createProfileThroughWizard(page, uniqueTag());

  // The list links each profile to its page.
  await page.goto('/import-profiles');
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });
  await expect(row).toContainText(sourceName);
  await expect(row).toContainText('Insert, update, delete');
  await row.getByRole('link', { name, exact: true }).click();

  // Every setting in words.
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(setting(page, 'External source')).toHaveText(sourceName);
  expect(await matchByOrder(page)).toEqual(['External ID', 'Work e-mail']);
  await expect(setting(page, 'Match contacts by')).toContainText('the first identifier that has a value in the row and finds a contact decides');
  await expect(setting(page, 'Merge mode')).toContainText('Update first matched contact only');
  await expect(setting(page, 'Merge mode')).toContainText('only the first one (the oldest) is updated');
  await expect(setting(page, 'Load type')).toContainText('Adds new contacts and updates matched ones');
  await expect(setting(page, 'Default country for phone numbers')).toContainText('United States (US)');
  await expect(setting(page, 'Empty cells')).toContainText('Leave stored values as they are');
  await expect(setting(page, 'Default division')).toHaveText('Home');
  await expect(setting(page, 'Created by')).toHaveText('Administrator');
  const mappings = page.getByRole('table', { name: 'Remembered column mappings' });
  await expect(mappings.getByRole('row', { name: /^External ID/ })).toContainText('ID externe');
  await expect(mappings.getByRole('row', { name: /^Work e-mail/ })).toContainText('Courriel professionnel');
  await expect(page.getByRole('list', { name: 'Fields imported' })).toContainText('First name');
  await expectNoSeriousAxeViolations(page);

  // Edit: reorder by dragging, add an identifier, change the other settings.
  await page.getByRole('link', { name: 'Edit', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Edit import profile' })).toBeVisible();
  await expect(page.getByLabel('Profile name')).toHaveValue(name);
  await dragWithMouse(page, handle(page, 'Work e-mail'), handle(page, 'External ID'));
  const chosen = page.getByRole('list', { name: 'Identifiers used, in order' }).getByRole('listitem');
  await expect(chosen.first()).toContainText('Work e-mail');
  await page.getByRole('group', { name: 'Match contacts by' }).getByRole('checkbox', { name: 'Cell phone' }).check();
  await page.getByRole('radio', { name: 'Merge and update all matched contacts' }).check();
  await page.getByRole('group', { name: 'Fields to import' }).getByRole('checkbox', { name: 'Title', exact: true }).uncheck();
  await page.getByLabel('Default country for phone numbers').selectOption('FR');
  await page.getByRole('radio', { name: 'Clear stored values' }).check();
  await expectNoSeriousAxeViolations(page);
  await page.getByRole('button', { name: 'Save' }).click();

  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect.poll(() => matchByOrder(page)).toEqual(['Work e-mail', 'External ID', 'Cell phone']);
  await expect(setting(page, 'Merge mode')).toContainText('Merge and update all matched contacts');
  await expect(setting(page, 'Default country for phone numbers')).toContainText('France (FR)');
  await expect(setting(page, 'Empty cells')).toContainText('Clear stored values');
  await expect(page.getByRole('list', { name: 'Fields imported' })).not.toContainText('Title');
  await expect(mappings.getByRole('row', { name: /^External ID/ })).toContainText('ID externe');

  // Duplicate: the copy opens, with every setting.
  await page.getByRole('button', { name: 'Duplicate', exact: true }).click();
  const copyName = `${name} (copy)`;
  await expect(page.getByRole('heading', { level: 1, name: copyName })).toBeVisible();
  await expect(page.getByText('This is a copy: every setting was copied.')).toBeVisible();
  expect(await matchByOrder(page)).toEqual(['Work e-mail', 'External ID', 'Cell phone']);

  // A name already used is refused next to the field.
  await page.getByRole('link', { name: 'Edit', exact: true }).click();
  await page.getByLabel('Profile name').fill(name.toUpperCase());
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('This name is already used.')).toBeVisible();
  await expect(page.getByLabel('Profile name')).toHaveAttribute('aria-invalid', 'true');
  await expect(page).toHaveURL(/\/edit$/);

  // Delete: the dialog says what happens to the jobs; Cancel keeps the profile.
  await page.getByRole('link', { name: copyName }).click();
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Delete the import profile “${copyName}”?` });
  await expect(dialog).toContainText('Import jobs that used it keep the settings they ran with');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: copyName })).toBeVisible();

  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await dialog.getByRole('button', { name: 'Delete profile' }).click();
  await expect(page).toHaveURL(/\/import-profiles\?deleted=1$/);
  await expect(page.getByText('The import profile was deleted.')).toBeVisible();
  await expect(page.getByRole('link', { name: copyName, exact: true })).toHaveCount(0);
  await expect(page.getByRole('link', { name, exact: true })).toBeVisible();

  // The original, used by a job: deleted, the job's page still shows it ran.
  await page.getByRole('link', { name, exact: true }).click();
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete profile' }).click();
  await expect(page.getByRole('link', { name, exact: true })).toHaveCount(0);
  const job = await page.goto(`/imports/jobs/${jobId}`);
  expect(job?.status()).toBe(200);
  await expect(page.getByText(jobId).first()).toBeVisible();
  expect(consoleErrors).toEqual([]);
});

test('with view permissions only: no Edit, Duplicate or Delete, and the edit page is refused', async ({ page }) => {
  test.setTimeout(90_000);
  const tag = uniqueTag();
  const roleName = `Profile viewers ${tag}`;
  const user = { name: `Viewer ${tag}`, email: `profile-viewer-${tag}@example.com`, password: `viewer-password-${tag}` };
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  await chooseEnglish(page);
  const { name } = await createProfileThroughWizard(page, tag);
  await createRoleWithPermissions(page, roleName, ['External contacts > Import settings > View all']);
  await createUserWithRole(page, user, roleName);
  await page.goto('/import-profiles');
  const profileUrl = new URL(await page.getByRole('link', { name, exact: true }).getAttribute('href') ?? '', page.url()).pathname;
  await signOut(page);

  await signIn(page, user.email, user.password);
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Import profiles' }).click();
  await page.getByRole('link', { name, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(setting(page, 'Load type')).toContainText('Insert, update, delete');
  await expect(page.getByRole('link', { name: 'Edit', exact: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Duplicate', exact: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Delete', exact: true })).toHaveCount(0);
  await page.goto(`${profileUrl}/edit`);
  await expect(page.getByRole('heading', { name: 'Access denied' })).toBeVisible();
  await expect(page.getByLabel('Profile name')).toHaveCount(0);
  await signOut(page);

  // Once granted Edit, the same user gets the button and the form (so the checks above can fail).
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  await grantPermissions(page, roleName, ['External contacts > Import settings > Edit']);
  await signOut(page);
  await signIn(page, user.email, user.password);
  await page.goto(profileUrl);
  await page.getByRole('link', { name: 'Edit', exact: true }).click();
  await expect(page.getByLabel('Profile name')).toHaveValue(name);
  await expect(page.getByRole('button', { name: 'Duplicate', exact: true })).toHaveCount(0);
});

test('in French: the settings in words, the copy\'s name and the form, with no English left', async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  await chooseEnglish(page);
  const { name } = await createProfileThroughWizard(page, uniqueTag());
  await page.goto('/import-profiles');
  await page.getByLabel('Language').first().selectOption('fr');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  try {
    await page.getByRole('link', { name, exact: true }).click();
    await expect(setting(page, 'Mode de fusion')).toContainText('Mettre à jour uniquement le premier contact correspondant');
    await expect(setting(page, 'Pays par défaut des numéros de téléphone')).toContainText('États-Unis (US)');
    expect(englishLeft(await pageTexts(page)), 'English left on the profile page').toEqual([]);
    await page.getByRole('button', { name: 'Dupliquer', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: `${name} (copie)` })).toBeVisible();
    await page.getByRole('link', { name: 'Modifier', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Modifier le profil d\'importation' })).toBeVisible();
    expect(englishLeft(await pageTexts(page)), 'English left on the edit page').toEqual([]);
    await page.getByRole('link', { name: `${name} (copie)` }).click();
    await page.getByRole('button', { name: 'Supprimer', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `Supprimer le profil d'importation « ${name} (copie) » ?` });
    await expect(dialog).toContainText('gardent les paramètres avec lesquels ils ont été exécutés');
    expect(englishLeft(await pageTexts(page)), 'English left in the dialog').toEqual([]);
  } finally {
    // The language is saved on the account: leave it English for the other tests.
    await chooseEnglish(page);
  }
});
