import { expect, type Page } from '@playwright/test';

export async function signIn(page: Page, email: string, password: string) {
  await page.goto('/signin');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('navigation', { name: /^(Main navigation|Navigation principale)$/ })).toBeVisible();
}

/** Puts the signed-in user's saved language back to English. */
export async function chooseEnglish(page: Page) {
  await page.getByLabel(/Language|Langue/).first().selectOption('en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
}

export async function signOut(page: Page) {
  await page.getByRole('button', { name: /Sign out|Se déconnecter/ }).click();
  await expect(page).toHaveURL(/\/signin/);
}

export function uniqueTag(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}
