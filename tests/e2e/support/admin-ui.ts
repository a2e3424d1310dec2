import { expect, type Page } from '@playwright/test';

// Setting up users through the Administration pages, as an administrator would.

export async function createRoleWithPermissions(page: Page, roleName: string, permissions: readonly string[]) {
  await page.goto('/admin/roles');
  await page.getByLabel('Name').fill(roleName);
  await page.getByRole('button', { name: 'Add role' }).click();
  await grantPermissions(page, roleName, permissions);
}

/** Ticks these permissions (by their labels) on an existing role, and saves. */
export async function grantPermissions(page: Page, roleName: string, permissions: readonly string[]) {
  await page.goto('/admin/roles');
  await page.getByRole('link', { name: roleName }).click();
  await expect(page.getByRole('heading', { name: roleName })).toBeVisible();
  for (const permission of permissions) await page.getByRole('checkbox', { name: permission, exact: true }).check();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toContainText(/saved/i);
}

/** A new user granted `roleName` in every division. */
export async function createUserWithRole(page: Page, user: { name: string; email: string; password: string }, roleName: string) {
  await page.goto('/admin/users');
  const form = page.getByRole('form', { name: 'New user' });
  await form.getByLabel('Name').fill(user.name);
  await form.getByLabel('E-mail').fill(user.email);
  await form.getByLabel('Password').fill(user.password);
  await form.getByRole('button', { name: 'Add user' }).click();
  await page.getByRole('link', { name: user.name }).click();
  await page.getByLabel('Role').selectOption({ label: roleName });
  await page.getByLabel('Division').selectOption({ label: 'All divisions' });
  await page.getByRole('button', { name: 'Add grant' }).click();
  await expect(page.getByRole('cell', { name: roleName })).toBeVisible();
}
