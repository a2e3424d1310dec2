import { expect, type Page } from '@playwright/test';

/**
 * Creates a personal access token on the profile page, as its owner would, and returns the
 * secret read from the page (shown this once). `permissions` (their labels) narrows it.
 */
export async function createTokenThroughProfile(page: Page, name: string, permissions?: readonly string[]): Promise<string> {
  await page.goto('/profile');
  const form = page.getByRole('form', { name: 'New token' });
  await form.getByLabel('Token name').fill(name);
  if (permissions) {
    await form.getByRole('radio', { name: 'Only the permissions chosen below' }).check();
    for (const permission of permissions) await form.getByRole('checkbox', { name: permission, exact: true }).check();
  }
  await form.getByRole('button', { name: 'Create token' }).click();
  const created = page.getByRole('region', { name: `Token “${name}” created` });
  const secret = created.getByLabel('Your new token');
  await expect(secret).toHaveValue(/^cbi_[A-Za-z0-9_-]{43}$/);
  return secret.inputValue();
}

/** Adds an external source through POST /api/v1/external-sources with `token`; returns its id. */
export async function createSourceThroughApi(page: Page, token: string, name: string): Promise<string> {
  const response = await page.request.post('/api/v1/external-sources', { headers: { Authorization: `Bearer ${token}` }, data: { name } });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()).id as string;
}
