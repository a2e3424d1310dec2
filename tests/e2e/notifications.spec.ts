import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './fixtures/admin';
import { createUserWithRole } from './support/admin-ui';
import { signIn, signOut, uniqueTag } from './support/session';
import { importThroughWizard, textOf, type Lang } from './support/wizard-import';

// Issue 5, notifications: the requester of an import has a tab open elsewhere in the app; when
// the import ends the bell of that tab counts it without a reload, lists it in the reader's
// language, and its View leads to the job page and marks it read.

test.use({ locale: 'en-US' });

const ROWS = 20;

/** A user holding the seeded "External contacts admin" role, signed in on `page` in `lang`. */
async function signInNewRequester(page: Page, tag: string, lang: Lang) {
  const user = { name: `Requester ${tag}`, email: `requester-${tag}@example.com`, password: `requester-password-${tag}` };
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  await createUserWithRole(page, user, 'External contacts admin');
  await signOut(page);
  await signIn(page, user.email, user.password);
  if (lang === 'fr') {
    await page.getByLabel('Language').first().selectOption('fr');
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  }
}

for (const lang of ['en', 'fr'] as const) {
  test(`the requester's open tab counts the ended import without a reload, in ${lang}, and View leads to the job`, async ({ page }) => {
    test.setTimeout(180_000);
    const tag = uniqueTag();
    const description = `Spring leads ${tag}`;
    const t = (key: string, params?: Record<string, string | number>) => textOf(lang, key, params);
    await signInNewRequester(page, tag, lang);

    // The tab left open: no notification yet.
    const bell = page.getByRole('banner').getByRole('button', { name: /^Notifications/ });
    await expect(bell).toHaveAccessibleName(t('notifications.bell'));
    await expect(bell).toHaveAttribute('aria-expanded', 'false');
    await page.evaluate(() => { (window as unknown as { notReloaded: boolean }).notReloaded = true; });

    // Another tab of the same person runs the import.
    const other = await page.context().newPage();
    await other.goto('/');
    const jobId = await importThroughWizard(other, { lang, tag, description, rows: ROWS });

    // The first tab, still visible and never loaded again, counts it by its own polling.
    expect(await page.evaluate(() => document.visibilityState)).toBe('visible');
    await expect(bell).toHaveAccessibleName(t('notifications.bellUnread', { count: 1 }), { timeout: 20_000 });
    await expect(bell).toContainText('1');
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await other.close();
    await page.bringToFront();

    // Keyboard: Enter opens, Escape closes and gives the focus back to the bell.
    await bell.focus();
    await page.keyboard.press('Enter');
    await expect(bell).toHaveAttribute('aria-expanded', 'true');
    const panel = page.getByRole('region', { name: t('notifications.title') });
    const item = panel.getByRole('listitem').filter({ hasText: description });
    await expect(item).toContainText(t('jobs.notifications.importCompleted', { description }));
    await expect(item.locator('time')).toHaveAttribute('datetime', /^\d{4}-\d\d-\d\dT/);
    const { violations } = await new AxeBuilder({ page }).include('header').analyze();
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id), 'axe on the open bell').toEqual([]);
    await page.keyboard.press('Escape');
    await expect(panel).toHaveCount(0);
    await expect(bell).toBeFocused();

    // View leads to the job page and marks the notification read.
    await bell.click();
    await item.getByRole('link', { name: t('notifications.view') }).click();
    await expect(page).toHaveURL(new RegExp(`/imports/jobs/${jobId}$`));
    await expect(page.getByRole('heading', { level: 1 })).toContainText(description);
    await expect(bell).toHaveAccessibleName(t('notifications.bell'));
    await page.reload();
    await expect(bell).toHaveAccessibleName(t('notifications.bell'));
    await bell.click();
    const seen = page.getByRole('region', { name: t('notifications.title') }).getByRole('listitem').filter({ hasText: description });
    await expect(seen).toHaveCount(1);
    await expect(seen).not.toContainText(t('notifications.unread'));
  });
}

test('a hidden tab asks nothing while hidden, and catches up as soon as it is shown', async ({ page }) => {
  test.setTimeout(180_000);
  const tag = uniqueTag();
  const description = `Hidden tab ${tag}`;
  await signInNewRequester(page, tag, 'en');
  const bell = page.getByRole('banner').getByRole('button', { name: /^Notifications/ });
  await expect(bell).toHaveAccessibleName('Notifications');

  // As when the person switches to another tab: the page reports itself hidden.
  await page.evaluate(() => {
    let state: DocumentVisibilityState = 'hidden';
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
    (window as unknown as { showTab: () => void }).showTab = () => {
      state = 'visible';
      document.dispatchEvent(new Event('visibilitychange'));
    };
    document.dispatchEvent(new Event('visibilitychange'));
  });
  let asked = 0;
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.headers()['next-action']) asked += 1;
  });

  const other = await page.context().newPage();
  await other.goto('/');
  await importThroughWizard(other, { tag, description, rows: ROWS });
  await other.close();
  expect(asked, 'server calls of the hidden tab').toBe(0);
  await expect(bell).toHaveAccessibleName('Notifications');

  await page.evaluate(() => (window as unknown as { showTab: () => void }).showTab());
  await expect(bell).toHaveAccessibleName('Notifications, 1 unread');
  expect(asked).toBeGreaterThan(0);
});
