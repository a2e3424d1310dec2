import { expect, test } from '@playwright/test';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './fixtures/admin';
import { signIn, signOut } from './support/session';

test.describe('sign-in in an English browser', () => {
  test.use({ locale: 'en-US' });

  test('a visitor is sent to the English sign-in page', async ({ page }) => {
    await page.goto('/');
    await expect(page).toHaveURL(/\/signin/);
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  });

  test('a wrong password is refused with a clear message', async ({ page }) => {
    await page.goto('/signin');
    // Another account than the admin's: failures count towards that e-mail's rate limit.
    await page.getByLabel('E-mail').fill('somebody@example.com');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByText('The e-mail or password is incorrect.')).toBeVisible();
    await expect(page).toHaveURL(/\/signin/);
  });

  test('the seeded admin signs in, sees every section of the shell, and signs out', async ({ page }) => {
    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    for (const name of ['External contacts', 'Imports', 'Import profiles', 'External sources', 'Administration']) {
      await expect(nav.getByRole('link', { name })).toBeVisible();
    }
    await expect(page.getByText('Signed in as Administrator')).toBeVisible();
    await signOut(page);
    await page.goto('/contacts');
    await expect(page).toHaveURL(/\/signin/);
  });
});

test.describe('sign-in in a French browser', () => {
  test.use({ locale: 'fr-FR' });

  test('the sign-in page is in French', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Connexion' })).toBeVisible();
    await expect(page.getByLabel('Courriel')).toBeVisible();
    await expect(page.getByLabel('Mot de passe')).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  });
});
