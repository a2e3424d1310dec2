import { expect, test, type Page } from '@playwright/test';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './fixtures/admin';
import { chooseEnglish, signIn, uniqueTag } from './support/session';
import { createSourceThroughApi, createTokenThroughProfile } from './support/tokens';

// A profile's automation user chosen in the browser (docs/permissions.md, "Automation user"): the
// edit page offers "Me", saving it shows on the profile's page whose rights folder imports use.
// That the drop folder then imports as that person: tests/integration/automation-user.test.ts.

test.use({ locale: 'en-US' });

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The value of a setting: the definition after its term. */
const setting = (page: Page, term: string) => page.getByRole('term')
  .filter({ hasText: new RegExp(`^${escape(term)}$`) }).locator('xpath=following-sibling::dd[1]');

/** A profile without an automation user, created through the API with a token of the signed-in admin. */
async function createProfile(page: Page, tag: string): Promise<{ id: string; name: string; token: string }> {
  const token = await createTokenThroughProfile(page, `Automation ${tag}`);
  const sourceId = await createSourceThroughApi(page, token, `CRM ${tag}`);
  const name = `Folder profile ${tag}`;
  const created = await page.request.post('/api/v1/import-profiles', {
    headers: { Authorization: `Bearer ${token}` },
    data: {
      name, externalSourceId: sourceId, matchBy: ['externalId'], mergeMode: 'updateFirst', loadType: 'upsert',
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  expect(await created.json()).toMatchObject({ automationUserId: null });
  return { id: (await created.json()).id, name, token };
}

test('a person picks themselves as automation user and the profile page says whose rights folder imports use', async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  await chooseEnglish(page);
  const { id, name, token } = await createProfile(page, uniqueTag());

  await page.goto(`/import-profiles/${id}`);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(setting(page, 'Automation user')).toContainText('Nobody');
  await expect(setting(page, 'Automation user')).toContainText('Files dropped in this profile\'s folder are refused');

  await page.getByRole('link', { name: 'Edit' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Edit import profile' })).toBeVisible();
  const picker = page.getByLabel('Automation user');
  await expect(picker).toHaveValue('');
  await expect(page.getByText('whoever can write to the profile\'s folder acts as this user')).toBeVisible();
  const me = (await picker.locator('option').filter({ hasText: /^Me \(/ }).textContent())!;
  const myName = /^Me \((.*)\)$/.exec(me)![1];
  await picker.selectOption({ label: me });
  await page.getByRole('button', { name: 'Save' }).click();

  await expect(page).toHaveURL(new RegExp(`/import-profiles/${id}$`));
  const chosen = setting(page, 'Automation user');
  await expect(chosen).toContainText(myName);
  await expect(chosen).toContainText(
    `Folder imports run with the rights of ${myName}: whoever can write to this profile's folder acts as ${myName}.`);

  // Saved for real: the API reads it back, and the edit page opens with it chosen.
  const saved = await page.request.get(`/api/v1/import-profiles/${id}`, { headers: { Authorization: `Bearer ${token}` } });
  expect(await saved.json()).toMatchObject({ automationUserName: myName, automationUserId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  await page.goto(`/import-profiles/${id}/edit`);
  await expect(page.getByLabel('Automation user').locator('option:checked')).toHaveText(me);
});
