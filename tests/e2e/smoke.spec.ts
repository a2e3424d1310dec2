import { expect, test } from '@playwright/test';

test('GET / responds without a server error', async ({ page }) => {
  const response = await page.goto('/');
  expect(response, 'navigation to / got a response').not.toBeNull();
  expect(response!.status()).toBeLessThan(500);
});
