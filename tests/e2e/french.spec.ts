import { expect, test } from '@playwright/test';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './fixtures/admin';
import { chooseEnglish, signIn, uniqueTag } from './support/session';
import { englishLeft, pageTexts } from './support/english-left';

test.use({ locale: 'en-US' });

// The admin's language is saved on their account: leave it English for the other tests.
test.afterEach(async ({ page }) => {
  await page.context().clearCookies();
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  await chooseEnglish(page);
});

test('switching to French translates every string of every page', async ({ page }) => {
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  // Make sure detail pages have something to show.
  await page.goto('/external-sources');
  await page.getByLabel('Name').fill(`Source ${uniqueTag()}`);
  await page.getByRole('button', { name: 'Add external source' }).click();
  await expect(page.getByRole('status')).toBeVisible();

  await page.getByLabel('Language').first().selectOption('fr');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.getByRole('navigation', { name: 'Navigation principale' })).toBeVisible();

  const pages = ['/contacts', '/imports', '/import-profiles', '/external-sources', '/admin', '/admin/users',
    '/admin/roles', '/admin/divisions', '/profile'];
  const main = page.getByRole('main');
  await page.goto('/admin/users');
  pages.push(new URL(await main.getByRole('link', { name: 'Administrator', exact: true }).getAttribute('href') ?? '', page.url()).pathname);
  await page.goto('/admin/roles');
  pages.push(new URL(await main.getByRole('link', { name: 'External contacts admin' }).getAttribute('href') ?? '', page.url()).pathname);
  await page.goto('/external-sources');
  pages.push(new URL(await main.getByRole('link', { name: /^Modifier/ }).first().getAttribute('href') ?? '', page.url()).pathname);

  for (const path of pages) {
    await page.goto(path);
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    const texts = await pageTexts(page);
    expect(texts.length, path).toBeGreaterThan(5);
    expect(englishLeft(texts), `English left on ${path}`).toEqual([]);
  }

  // The choice is saved on the account: it survives signing in again from an English browser.
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(page).toHaveURL(/\/signin/);
  await expect(page.getByRole('heading', { name: 'Connexion' })).toBeVisible();
  await page.context().clearCookies();
  await page.goto('/signin');
  await page.getByLabel('E-mail').fill(ADMIN_EMAIL);
  await page.getByLabel('Password').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('navigation', { name: 'Navigation principale' })).toBeVisible();
});
