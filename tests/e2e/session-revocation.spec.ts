import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './fixtures/admin';
import { createUserWithRole } from './support/admin-ui';
import { signIn, uniqueTag } from './support/session';

// A new password ends the user's sessions signed in before it (docs/security.md, "Sessions").

test.use({ locale: 'en-US' });
// Three browser contexts and several sign-ins each.
test.describe.configure({ timeout: 120_000 });

async function signedInContext(browser: Browser, email: string, password: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await signIn(page, email, password);
  return { context, page };
}

async function setPassword(admin: Page, userName: string, password: string) {
  await admin.goto('/admin/users');
  await admin.getByRole('link', { name: userName, exact: true }).click();
  // The list page has a Password field too (new user): wait for the user's own page.
  await expect(admin.getByRole('heading', { name: userName })).toBeVisible();
  const field = admin.getByRole('form', { name: 'Details' }).getByLabel('Password');
  await field.fill(password);
  await expect(field).toHaveValue(password);
  await admin.getByRole('button', { name: 'Save' }).click();
  await expect(admin.getByRole('status').filter({ hasText: /saved/i })).toBeVisible();
}

test('an administrator resets a password: both of the user\'s sessions land on sign-in at their next request', async ({ browser }) => {
  const tag = uniqueTag();
  const user = { name: `Revoked ${tag}`, email: `revoked-${tag}@example.com`, password: `first-Password-${tag}` };
  const admin = await signedInContext(browser, ADMIN_EMAIL, ADMIN_PASSWORD);
  await createUserWithRole(admin.page, user, 'External contacts admin');

  const first = await signedInContext(browser, user.email, user.password);
  const second = await signedInContext(browser, user.email, user.password);
  await second.page.goto('/contacts');
  await expect(second.page.getByRole('navigation', { name: 'Main navigation' })).toBeVisible();
  // A job that does not exist: 404 while the cookie authenticates (401 without it).
  const jsonRoute = '/api/imports/00000000-0000-4000-8000-000000000000/error-report';
  expect((await second.context.request.get(jsonRoute)).status()).toBe(404);

  await setPassword(admin.page, user.name, `second-Password-${tag}`);

  await first.page.goto('/contacts');
  await expect(first.page).toHaveURL(/\/signin/);
  await second.page.reload();
  await expect(second.page).toHaveURL(/\/signin/);
  // The same cookie no longer authenticates a JSON route either.
  const refused = await second.context.request.get(jsonRoute);
  expect(refused.status()).toBe(401);

  // The new password works; the old one does not.
  await signIn(first.page, user.email, `second-Password-${tag}`);
  await expect(first.page.getByText(`Signed in as ${user.name}`)).toBeVisible();
  await Promise.all([admin.context.close(), first.context.close(), second.context.close()]);
});

test('changing your own password keeps the session that did it and ends your other one', async ({ browser }) => {
  const tag = uniqueTag();
  const self = { name: `Self admin ${tag}`, email: `self-admin-${tag}@example.com`, password: `first-Password-${tag}` };
  const admin = await signedInContext(browser, ADMIN_EMAIL, ADMIN_PASSWORD);
  await createUserWithRole(admin.page, self, 'Administrator');
  await admin.context.close();

  const here = await signedInContext(browser, self.email, self.password);
  const elsewhere = await signedInContext(browser, self.email, self.password);
  await setPassword(here.page, self.name, `second-Password-${tag}`);

  await elsewhere.page.goto('/admin/users');
  await expect(elsewhere.page).toHaveURL(/\/signin/);
  await here.page.goto('/admin/users');
  await expect(here.page).toHaveURL(/\/admin\/users/);
  await expect(here.page.getByText(`Signed in as ${self.name}`)).toBeVisible();
  await Promise.all([here.context.close(), elsewhere.context.close()]);
});
