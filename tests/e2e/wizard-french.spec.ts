import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './fixtures/admin';
import { chooseEnglish, signIn, uniqueTag } from './support/session';
import { createSourceThroughUi, numberPattern, seed004Csv } from './support/wizard-run';

// The seed 004 run in French, with a French header row: on each of the four steps no English
// string is left, and numbers are written the French way ("1 000").

type Tree = { [key: string]: string | Tree };
const messagesDir = fileURLToPath(new URL('../../messages/', import.meta.url));

/** The messages of a language: the main file, plus areas not merged into it yet (messages/.incoming). */
function loadMessages(lang: 'en' | 'fr'): Map<string, string> {
  const merge = (into: Tree, from: Tree): Tree => {
    for (const [key, value] of Object.entries(from)) {
      into[key] = typeof value === 'string' ? value : merge(typeof into[key] === 'object' ? into[key] as Tree : {}, value);
    }
    return into;
  };
  const tree = JSON.parse(readFileSync(path.join(messagesDir, `${lang}.json`), 'utf8')) as Tree;
  const incoming = path.join(messagesDir, '.incoming');
  let extra: string[] = [];
  try { extra = readdirSync(incoming).filter((name) => name.endsWith(`.${lang}.json`)); } catch { /* all merged */ }
  for (const name of extra) merge(tree, JSON.parse(readFileSync(path.join(incoming, name), 'utf8')) as Tree);
  const flat = new Map<string, string>();
  const walk = (node: Tree, prefix: string) => {
    for (const [key, value] of Object.entries(node)) {
      if (typeof value === 'string') flat.set(prefix + key, value);
      else walk(value, `${prefix}${key}.`);
    }
  };
  walk(tree, '');
  return flat;
}

const EN = loadMessages('en');
const FR = loadMessages('fr');
/** The French text of a key (no placeholders needed by this test). */
function fr(key: string): string {
  const text = FR.get(key) ?? FR.get(`${key}_other`);
  if (!text) throw new Error(`no French text for ${key}`);
  return text;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** English texts that French replaces, as whole-text patterns ({{x}} matches anything). */
const englishOnly = [...EN]
  .filter(([key, text]) => FR.get(key) !== text && /[a-z]{3}/i.test(text.replace(/\{\{[^}]+\}\}/g, '')))
  .map(([key, text]) => ({ key, pattern: new RegExp(`^${text.split(/\{\{[^}]+\}\}/).map(escape).join('.+')}$`) }));

/** Names of seeded records: data, not interface text, so they keep their name in French. */
const SEEDED_DATA = new Set(['Home', 'Administrator', 'External contacts admin']);

async function expectNoEnglish(page: Page, step: string) {
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  const texts = await page.evaluate(() => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (parent && ['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(parent.tagName)) continue;
      const text = node.textContent?.trim();
      if (text) out.push(text);
    }
    for (const el of document.querySelectorAll('[aria-label],[placeholder],[title],[alt],[aria-valuetext],[aria-roledescription]')) {
      for (const attr of ['aria-label', 'placeholder', 'title', 'alt', 'aria-valuetext', 'aria-roledescription']) {
        const value = el.getAttribute(attr)?.trim();
        if (value) out.push(value);
      }
    }
    return out;
  });
  expect(texts.length, step).toBeGreaterThan(5);
  const english = texts.filter((text) => !SEEDED_DATA.has(text))
    .flatMap((text) => englishOnly.filter(({ pattern }) => pattern.test(text)).map(({ key }) => `${key}: "${text}"`));
  expect(english, `English left on the ${step} step`).toEqual([]);
}

test.use({ locale: 'en-US' });

// The admin's language is saved on their account: leave it English for the other tests.
test.afterEach(async ({ page }) => {
  await page.context().clearCookies();
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  await chooseEnglish(page);
});

test('the wizard in French: French headers mapped, no English left, numbers the French way', async ({ page }) => {
  test.setTimeout(240_000);
  const tag = uniqueTag();
  const sourceName = `Source ${tag}`;
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  await page.getByLabel('Language').first().selectOption('fr');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await createSourceThroughUi(page, sourceName, { name: fr('sources.name'), add: fr('sources.addSubmit') });

  // External contacts > Add > Bulk import, in French.
  await page.getByRole('navigation', { name: fr('nav.label') }).getByRole('link', { name: fr('nav.contacts') }).click();
  await page.getByRole('main').getByText(fr('common.add'), { exact: true }).click();
  await page.getByRole('main').getByRole('link', { name: fr('wizard.title') }).click();

  // 1. Upload, with a French header row.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(fr('wizard.steps.upload'));
  await page.getByLabel(fr('wizardUpload.fileLabel')).setInputFiles({
    name: 'contacts-fr.csv', mimeType: 'text/csv',
    buffer: Buffer.from(seed004Csv(tag, ['ID externe', 'Prénom', 'Nom', 'Courriel professionnel'])),
  });
  const next = page.getByRole('button', { name: fr('common.next'), exact: true });
  await expect(next).toBeEnabled({ timeout: 30_000 });
  await expectNoEnglish(page, 'upload');
  await next.click();

  // 2. Import profile and settings: the French headers are mapped by themselves.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(fr('wizard.steps.settings'));
  await page.getByLabel(fr('wizardSettings.profile.label')).selectOption({ label: fr('wizardSettings.profile.createNew') });
  await page.getByLabel(fr('wizardSettings.profile.name')).fill(`Profil ${tag}`);
  await page.getByLabel(fr('wizardSettings.source.label')).selectOption({ label: sourceName });
  const used = page.getByRole('list', { name: fr('wizardSettings.matchBy.chosenList') });
  if (await used.getByRole('checkbox').count() === 0) {
    await page.getByRole('list', { name: fr('wizardSettings.matchBy.otherList') })
      .getByRole('checkbox', { name: fr('profiles.identifiers.externalId'), exact: true }).click();
  }
  await page.getByLabel(fr('wizardSettings.description.label'), { exact: true }).fill(`Importation ${tag}`);
  const fields = page.getByRole('table', { name: fr('wizardSettings.fieldsTable.title') });
  await expect(fields.getByRole('combobox', { name: fr('contacts.fields.firstName'), exact: true })).toHaveValue('Prénom');
  await expect(fields.getByRole('combobox', { name: fr('contacts.fields.lastName'), exact: true })).toHaveValue('Nom');
  await expect(fields.getByRole('combobox', { name: fr('contacts.fields.workEmail'), exact: true })).toHaveValue('Courriel professionnel');
  await expect(fields.getByRole('combobox', { name: fr('wizardSettings.fields.externalId'), exact: true })).toHaveValue('ID externe');
  await expectNoEnglish(page, 'settings');
  await page.getByRole('button', { name: fr('wizardSettings.next'), exact: true }).click();

  // 3. Validation.
  await expect(page).toHaveURL(/\/validation/, { timeout: 30_000 });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(fr('wizard.steps.validation'));
  await expect(page.getByLabel(fr('wizardRun.counts.validRows'), { exact: true })).toHaveText(numberPattern(985, 'fr'), { timeout: 60_000 });
  await expect(page.getByLabel(fr('wizardRun.counts.rowsInFile'), { exact: true })).toHaveText(numberPattern(1000, 'fr'));
  await expect(page.getByLabel(fr('wizardRun.counts.rowsInFile'), { exact: true })).toHaveText(/^1[\u202f\u00a0]000$/);
  await expect(page.getByRole('table', { name: fr('reports.errors.title') }).locator('tbody tr').first())
    .toContainText("n'est pas une adresse");
  await expectNoEnglish(page, 'validation');

  // 4. Import.
  await page.getByRole('button', { name: fr('wizardRun.actions.import'), exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(fr('wizard.steps.import'));
  await expect(page.getByLabel(fr('wizardRun.result.imported'), { exact: true })).toHaveText(numberPattern(985, 'fr'), { timeout: 90_000 });
  await expect(page.getByLabel(fr('wizardRun.result.notImported'), { exact: true })).toHaveText(numberPattern(15, 'fr'));
  await expectNoEnglish(page, 'import');
});
