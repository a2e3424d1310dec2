import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './fixtures/admin';
import { chooseEnglish, signIn, uniqueTag } from './support/session';
import { englishLeft, pageTexts } from './support/english-left';

test.use({ locale: 'en-US' });

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

function contactsCsv(tag: string, rows: number): string {
  const lines = Array.from({ length: rows }, (_, i) => `${tag}-${i},Anna ${i},Martin,anna.${tag}.${i}@example.com`);
  return `External ID,First Name,Last Name,Work Email\n${lines.join('\n')}\n`;
}

const csvFile = (name: string, content: string | Buffer) =>
  ({ name, mimeType: 'text/csv', buffer: Buffer.isBuffer(content) ? content : Buffer.from(content) });

async function expectNoSeriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious).toEqual([]);
}

async function openUploadStep(page: Page) {
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  await chooseEnglish(page);
  await page.goto('/imports/new');
  await expect(page.getByRole('heading', { level: 1, name: 'Upload' })).toBeVisible();
}

test('External contacts > Add > Bulk import: preview, rows in file, reload, Next to the settings step', async ({ page }) => {
  const tag = uniqueTag();
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  await chooseEnglish(page);
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await nav.getByRole('link', { name: 'External contacts' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'External contacts' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Bulk import' })).toBeVisible();
  const main = page.getByRole('main');
  await main.locator('summary', { hasText: 'Add' }).click();
  await main.getByRole('link', { name: 'Bulk import' }).click();

  await expect(page).toHaveURL(/\/imports\/new$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Upload' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Bulk import steps' }).locator('[aria-current="step"]')).toHaveText(/Upload/);
  await expect(nav.getByRole('link', { name: 'Bulk import' })).toHaveAttribute('aria-current', 'page');
  const next = page.getByRole('button', { name: 'Next' });
  await expect(next).toBeDisabled();
  await expectNoSeriousViolations(page);

  await page.getByLabel('CSV file').setInputFiles(csvFile(`contacts-${tag}.csv`, contactsCsv(tag, 1200)));
  const preview = page.getByRole('table', { name: 'Preview' });
  await expect(preview.getByRole('columnheader', { name: 'Work Email' })).toBeVisible();
  await expect(preview.getByRole('row')).toHaveCount(11);
  await expect(preview.getByRole('cell', { name: `anna.${tag}.9@example.com` })).toBeVisible();
  await expect(main.getByRole('status').filter({ hasText: 'File received and checked: 1,200 rows to import.' })).toBeVisible();
  await expect(main.getByText(`contacts-${tag}.csv`)).toBeVisible();
  await expect(next).toBeEnabled();
  await expectNoSeriousViolations(page);

  // The upload lives on the server: a reload (or Back from step 2) shows it again.
  await expect(page).toHaveURL(new RegExp(`/imports/new\\?upload=${UUID}$`));
  const uploadId = new URL(page.url()).searchParams.get('upload');
  await page.reload();
  await expect(preview.getByRole('row')).toHaveCount(11);
  await expect(preview.getByRole('cell', { name: `anna.${tag}.0@example.com` })).toBeVisible();
  await expect(main.getByRole('status').filter({ hasText: '1,200 rows' })).toBeVisible();
  await expect(next).toBeEnabled();

  await next.click();
  await expect(page).toHaveURL(new RegExp(`/imports/new/${uploadId}$`));
});

test('a file the import refuses is explained in plain words, and Next stays disabled', async ({ page }) => {
  await openUploadStep(page);
  const main = page.getByRole('main');
  const alert = main.getByRole('alert');
  const next = page.getByRole('button', { name: 'Next' });

  await page.getByLabel('CSV file').setInputFiles(csvFile('twice.csv', 'Name,Work Email,name\nAnna,anna@example.com,x\n'));
  await expect(alert).toHaveText('The column “name” appears twice in the header row (names are compared without regard to case).');
  await expect(next).toBeDisabled();
  await expectNoSeriousViolations(page);

  await page.getByLabel('CSV file').setInputFiles({ name: 'contacts.txt', mimeType: 'text/plain', buffer: Buffer.from('a,b\n1,2\n') });
  await expect(alert).toHaveText('Choose a file whose name ends in .csv or .xlsx.');
  await expect(next).toBeDisabled();

  // Bad UTF-8 near the start of a file marked as UTF-8 (its BOM): found in the browser from the
  // file's first bytes. Unmarked, the same bytes would be read as Windows-1252.
  const early = Buffer.concat([Buffer.from('\uFEFFExternal ID,First Name\nA1,Anna\nA2,'), Buffer.from([0xe9]), Buffer.from('milie\n')]);
  await page.getByLabel('CSV file').setInputFiles(csvFile('latin1.csv', early));
  await expect(alert).toHaveText('Line 3 is not valid UTF-8. Save the file as “CSV UTF-8” and upload it again.');
  await expect(next).toBeDisabled();
  // A byte that is text in no encoding offered (0x81: not UTF-8, unused in Windows-1252).
  const nowhere = Buffer.concat([Buffer.from('External ID,First Name\nA1,Anna\nA2,'), Buffer.from([0xe9, 0x81]), Buffer.from('milie\n')]);
  await page.getByLabel('CSV file').setInputFiles(csvFile('nowhere.csv', nowhere));
  await expect(alert).toHaveText('The file is in no text encoding the import reads: it is not UTF-8, and line 3 holds a byte '
    + 'that is not text in Windows-1252, ISO-8859-1 or ISO-8859-15 either. Save the file as “CSV UTF-8” and upload it again.');
  await expect(next).toBeDisabled();

  // Bad UTF-8 beyond what the browser reads: found by the server while the file streams in.
  const rows = Array.from({ length: 150_000 }, (_, i) => `ID-${i},Name ${i}`).join('\n'); // 3 MB
  const late = Buffer.concat([Buffer.from(`\uFEFFExternal ID,First Name\n${rows}\nID-X,`), Buffer.from([0xe9]), Buffer.from('milie\n')]);
  await page.getByLabel('CSV file').setInputFiles(csvFile('late-latin1.csv', late));
  await expect(alert).toHaveText('Line 150002 is not valid UTF-8. Save the file as “CSV UTF-8” and upload it again.');
  await expect(next).toBeDisabled();

  // Fixed, the same step accepts the file.
  await page.getByLabel('CSV file').setInputFiles(csvFile('fixed.csv', 'External ID,First Name\nA1,Anna\n'));
  await expect(main.getByRole('status').filter({ hasText: 'File received and checked: 1 row to import.' })).toBeVisible();
  await expect(alert).toHaveCount(0);
  await expect(next).toBeEnabled();
});

/** Writes a CSV of about `bytes` bytes line by line, never holding it in memory. */
async function writeLargeCsv(file: string, bytes: number) {
  const out = createWriteStream(file);
  out.write('External ID,First Name,Last Name,Work Email,Work Phone,City\n');
  let written = 0;
  for (let i = 0; written < bytes; i++) {
    let block = '';
    for (let j = 0; j < 10_000; j++, i++) {
      block += `BIG-${i},Anna,Martin,anna.${i}@example.com,+1617555${String(i % 10_000).padStart(4, '0')},Boston\n`;
    }
    written += block.length;
    if (!out.write(block)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

test('a 300 MB file: the preview comes at once and the page answers clicks while it uploads', async ({ page }) => {
  test.setTimeout(240_000);
  const file = path.join(os.tmpdir(), `wizard-upload-300mb-${process.pid}-${uniqueTag()}.csv`);
  await writeLargeCsv(file, 300 * 1024 * 1024);
  try {
    await openUploadStep(page);
    // A steady 40 MB/s, as from a fast office network: the upload lasts long enough to watch.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 40 * 1024 * 1024,
    });
    await page.evaluate(() => {
      (window as unknown as { clicks: number }).clicks = 0;
      document.addEventListener('click', () => { (window as unknown as { clicks: number }).clicks++; });
    });

    const chosenAt = Date.now();
    await page.getByLabel('CSV file').setInputFiles(file);
    const preview = page.getByRole('table', { name: 'Preview' });
    await expect(preview.getByRole('row')).toHaveCount(11, { timeout: 5_000 });
    console.log(`300 MB file: preview shown ${Date.now() - chosenAt} ms after choosing it`);

    const progress = page.getByRole('progressbar', { name: 'Upload progress' });
    const sent = () => progress.evaluate((bar: HTMLProgressElement) => bar.value);
    await expect.poll(sent, { timeout: 20_000 }).toBeGreaterThan(0);
    const before = await sent();

    // While the file streams out, a click gets its answer at once, several times over.
    const requirements = page.locator('details.file-requirements');
    for (let i = 0; i < 4; i++) {
      const clicks = await page.evaluate(() => (window as unknown as { clicks: number }).clicks);
      const start = Date.now();
      await requirements.getByText('File requirements').click();
      await expect(requirements).toHaveJSProperty('open', i % 2 === 0, { timeout: 1_000 });
      expect(await page.evaluate(() => (window as unknown as { clicks: number }).clicks)).toBe(clicks + 1);
      expect(Date.now() - start).toBeLessThan(1_000);
      await page.waitForTimeout(250);
    }
    await expect.poll(sent, { timeout: 10_000 }).toBeGreaterThan(before);
    await expect(page.getByRole('button', { name: 'Next' })).toBeDisabled();

    const cancelAt = Date.now();
    await page.getByRole('button', { name: 'Cancel upload' }).click();
    await expect(progress).toHaveCount(0, { timeout: 1_000 });
    expect(Date.now() - cancelAt).toBeLessThan(1_000);
    await expect(page.getByRole('main').getByRole('status')).toHaveText('Upload cancelled. Choose a file to start again.');
    await expect(page.getByLabel('CSV file')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Next' })).toBeDisabled();
  } finally {
    await rm(file, { force: true });
  }
});

test('in French: no English left on the upload step, and numbers written the French way', async ({ page }) => {
  const tag = uniqueTag();
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  try {
    await page.getByLabel(/Language|Langue/).first().selectOption('fr');
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await page.goto('/imports/new');
    await expect(page.getByRole('heading', { level: 1, name: 'Téléversement' })).toBeVisible();
    await page.getByLabel('Fichier CSV').setInputFiles(csvFile(`contacts-${tag}.csv`, contactsCsv(tag, 1200)));
    const main = page.getByRole('main');
    // The preview's own status may still be up while the server answers first: pick the upload's.
    await expect(main.getByRole('status').filter({ hasText: 'Fichier reçu' }))
      .toHaveText(/^Fichier reçu et vérifié : 1[\u00a0\u202f]200 lignes à importer\.$/);
    await expect(page.getByRole('table', { name: 'Aperçu' }).getByRole('row')).toHaveCount(11);
    await expect(page.getByRole('button', { name: 'Suivant' })).toBeEnabled();

    // Every text of the page but the file's own (its name, its cells).
    const texts = await pageTexts(page, '.upload-preview table, .upload-facts .break-all');
    expect(texts.length).toBeGreaterThan(20);
    expect(englishLeft(texts)).toEqual([]);
  } finally {
    await chooseEnglish(page);
  }
});
