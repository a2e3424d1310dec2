import { expect, test, type Page } from '@playwright/test';
import en from '../../messages/en.json' with { type: 'json' };
import fr from '../../messages/fr.json' with { type: 'json' };
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './fixtures/admin';
import { chooseEnglish, signIn, uniqueTag } from './support/session';

type Tree = { [key: string]: string | Tree };
const flatten = (tree: Tree, prefix = ''): [string, string][] => Object.entries(tree).flatMap(([k, v]) =>
  typeof v === 'string' ? [[prefix + k, v] as [string, string]] : flatten(v, `${prefix}${k}.`));

const frByKey = new Map(flatten(fr as Tree));
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** English texts that French replaces, as whole-text patterns ({{x}} matches anything). */
const englishOnly = flatten(en as Tree)
  .filter(([key, text]) => frByKey.get(key) !== text && /[a-z]{3}/i.test(text.replace(/\{\{[^}]+\}\}/g, '')))
  .map(([key, text]) => ({
    key,
    pattern: new RegExp(`^${text.split(/\{\{[^}]+\}\}/).map(escape).join('.+')}$`),
  }));

/** Every text node and accessible attribute of the page, each trimmed. */
async function visibleTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (parent && ['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(parent.tagName)) continue;
      const text = node.textContent?.trim();
      if (text) out.push(text);
    }
    for (const el of document.querySelectorAll('[aria-label],[placeholder],[title],[alt]')) {
      for (const attr of ['aria-label', 'placeholder', 'title', 'alt']) {
        const value = el.getAttribute(attr)?.trim();
        if (value) out.push(value);
      }
    }
    return out;
  });
}

/** Names of seeded records: data, not interface text, so they keep their name in French. */
const SEEDED_DATA = new Set(['Home', 'Administrator', 'External contacts admin']);

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
    '/admin/roles', '/admin/divisions'];
  await page.goto('/admin/users');
  pages.push(new URL(await page.getByRole('link', { name: 'Administrator' }).getAttribute('href') ?? '', page.url()).pathname);
  await page.goto('/admin/roles');
  pages.push(new URL(await page.getByRole('link', { name: 'External contacts admin' }).getAttribute('href') ?? '', page.url()).pathname);
  await page.goto('/external-sources');
  pages.push(new URL(await page.getByRole('link', { name: /^Modifier/ }).first().getAttribute('href') ?? '', page.url()).pathname);

  for (const path of pages) {
    await page.goto(path);
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    const texts = await visibleTexts(page);
    expect(texts.length, path).toBeGreaterThan(5);
    const english = texts.filter((text) => !SEEDED_DATA.has(text)).flatMap((text) => englishOnly.filter(({ pattern }) => pattern.test(text))
      .map(({ key }) => `${key}: "${text}"`));
    expect(english, `English left on ${path}`).toEqual([]);
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
