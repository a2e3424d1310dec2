import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './fixtures/admin';
import { englishLeft, pageTexts } from './support/english-left';
import { chooseEnglish, signIn, uniqueTag } from './support/session';
import { createTokenThroughProfile } from './support/tokens';
import { importThroughWizard } from './support/wizard-import';
import { createSourceThroughUi, numberPattern, seed004Csv } from './support/wizard-run';

// The REST API against the real server: tokens made on the profile page, every endpoint of the
// published OpenAPI document refused without a token, with a revoked one and with one narrowed
// to an unrelated permission; and the example client script importing a file with the same
// counters as the wizard. (Expired tokens, which the page cannot make, are in
// tests/integration/api-refusals.test.ts, with the same table on the route handlers.)

test.use({ locale: 'en-US' });
const run = promisify(execFile);

interface DocumentOperation { security?: unknown[]; parameters?: { name: string; in: string; schema: { type?: string } }[] }

/** Every operation of the served document that needs a token, with a request that fits it. */
async function securedEndpoints(request: APIRequestContext) {
  const response = await request.get('/api/v1/openapi.json');
  expect(response.status()).toBe(200);
  const document = await response.json() as { openapi: string; paths: Record<string, Record<string, DocumentOperation>> };
  expect(document.openapi).toBe('3.1.0');
  return Object.entries(document.paths).flatMap(([apiPath, methods]) => Object.entries(methods)
    .filter(([, op]) => !(op.security && op.security.length === 0))
    .map(([method, op]) => {
      const url = apiPath.replace(/\{(\w+)\}/g, (_, name: string) => {
        const parameter = op.parameters?.find((p) => p.name === name);
        return parameter?.schema.type === 'integer' ? '1' : '00000000-0000-4000-8000-000000000000';
      });
      return { label: `${method.toUpperCase()} ${apiPath}`, method: method.toUpperCase(), url: `/api/v1${url}` };
    }));
}

test('tokens on the profile page, and every endpoint refused without a valid token or the permission', async ({ page, context, request }) => {
  test.setTimeout(120_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  await page.getByRole('link', { name: /^Signed in as/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'My profile' })).toBeVisible();

  // Created, shown once, copied.
  const token = await createTokenThroughProfile(page, 'E2E everything');
  await page.getByRole('button', { name: 'Copy' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Copied to the clipboard.' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
  const table = page.getByRole('table', { name: 'Personal access tokens' });
  const row = table.getByRole('row', { name: /E2E everything/ });
  await expect(row).toContainText(`${token.slice(0, 12)}…`);
  await expect(row).toContainText('All my permissions');
  await expect(row).toContainText('Active');
  await expect(row).toContainText('Never');
  await page.reload();
  expect(await page.content()).not.toContain(token.slice(12));

  // It works, and the page shows that it was used.
  const divisions = await request.get('/api/v1/divisions', { headers: { Authorization: `Bearer ${token}` } });
  expect(divisions.status()).toBe(200);
  expect(await divisions.json()).toContainEqual(expect.objectContaining({ name: 'Home', isHome: true }));
  await page.reload();
  await expect(table.getByRole('row', { name: /E2E everything/ })).not.toContainText('Never');

  // Narrowed: only what the owner holds is offered, and the table lists what it kept.
  const narrowed = await createTokenThroughProfile(page, 'E2E admin only', ['Administration > Manage users, roles and grants']);
  await expect(table.getByRole('row', { name: /E2E admin only/ })).toContainText('Administration > Manage users, roles and grants');

  // Revoked, after a confirmation.
  await table.getByRole('button', { name: 'Revoke E2E everything' }).click();
  const dialog = page.getByRole('dialog', { name: 'Revoke the token “E2E everything”?' });
  await dialog.getByRole('button', { name: 'Revoke' }).click();
  await expect(table.getByRole('row', { name: /E2E everything/ })).toContainText('Revoked');
  await expect(table.getByRole('button', { name: 'Revoke E2E everything' })).toHaveCount(0);

  const endpoints = await securedEndpoints(request);
  expect(endpoints.length).toBeGreaterThanOrEqual(25);
  const answers = { none: [] as string[], revoked: [] as string[], narrowed: [] as string[] };
  for (const endpoint of endpoints) {
    const send = async (authorization?: string) => {
      const response = await request.fetch(endpoint.url, {
        method: endpoint.method, headers: authorization ? { Authorization: `Bearer ${authorization}` } : {},
        ...(['POST', 'PUT'].includes(endpoint.method) ? { data: {} } : {}),
      });
      const body = await response.json();
      return `${endpoint.label} ${response.status()} ${body.error?.code}`;
    };
    answers.none.push(await send());
    answers.revoked.push(await send(token));
    answers.narrowed.push(await send(narrowed));
  }
  expect(answers.none).toEqual(endpoints.map((e) => `${e.label} 401 api.tokenMissing`));
  expect(answers.revoked).toEqual(endpoints.map((e) => `${e.label} 401 api.tokenRevoked`));
  expect(answers.narrowed).toEqual(endpoints.map((e) => `${e.label} 403 forbidden`));
});

test('the API client script imports a file with the same counters as the wizard', async ({ page, request }) => {
  test.setTimeout(300_000);
  const tag = uniqueTag();
  const sourceName = `API CRM ${tag}`;
  const profileName = `API profile ${tag}`;
  const divisionName = `API division ${tag}`;
  const csv = seed004Csv(tag, ['External ID', 'First Name', 'Last Name', 'Work Email']);

  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  await createSourceThroughUi(page, sourceName);
  // Matching happens within the job's division: the API's run goes to a division of its own,
  // so neither import sees the other's contacts.
  await page.goto('/admin/divisions');
  await page.getByLabel('Name').fill(divisionName);
  await page.getByRole('button', { name: 'Add division' }).click();
  await expect(page.getByRole('status')).toContainText(divisionName);

  // The wizard, into Home.
  const wizardJobId = await importThroughWizard(page, {
    tag, description: `Wizard ${tag}`, csv, fileName: 'contacts.csv', rows: 1000, sourceName, profileName, division: 'Home',
  });
  await expect(page.getByLabel('Imported contacts', { exact: true })).toHaveText(numberPattern(985, 'en'));

  // The script, with a token from the profile page, into the other division.
  const token = await createTokenThroughProfile(page, `Script ${tag}`);
  const folder = mkdtempSync(path.join(os.tmpdir(), 'api-client-'));
  try {
    const file = path.join(folder, 'contacts.csv');
    writeFileSync(file, csv);
    const baseURL = test.info().project.use.baseURL!;
    const { stdout } = await run(process.execPath, [
      'scripts/api-client-example.mjs', '--url', baseURL, '--file', file, '--profile', profileName,
      '--division', divisionName, '--description', `Script ${tag}`, '--poll-ms', '500',
    ], { env: { ...process.env, API_TOKEN: token }, timeout: 180_000 });
    const apiJob = JSON.parse(stdout);
    expect(apiJob).toMatchObject({ status: 'completed', origin: 'api', autoContinue: true, description: `Script ${tag}` });

    const wizardJob = await (await request.get(`/api/v1/jobs/${wizardJobId}`, { headers: { Authorization: `Bearer ${token}` } })).json();
    expect(wizardJob).toMatchObject({ status: 'completed', origin: 'wizard' });
    expect(apiJob.counters).toEqual(wizardJob.counters);
    expect(apiJob.counters).toMatchObject({ rowsInFile: 1000, imported: 985, notImported: 15, inserted: 985 });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }

  // The script's job is on the Imports page like any other.
  await page.goto('/imports');
  await expect(page.getByRole('main')).toContainText(`Script ${tag}`);
});

test.describe('in French', () => {
  // The admin's language is saved on their account: leave it English for the other tests.
  test.afterEach(async ({ page }) => {
    await chooseEnglish(page);
  });

  test('the profile page and its token form leave no English behind', async ({ page }) => {
    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
    await page.getByLabel('Language').first().selectOption('fr');
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await page.getByRole('link', { name: /^Connecté en tant que/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Mon profil' })).toBeVisible();
    const form = page.getByRole('form', { name: 'Nouveau jeton' });
    await form.getByRole('radio', { name: 'Seulement les autorisations choisies ci-dessous' }).check();
    await form.getByLabel('Nom du jeton').fill('Jeton français');
    await form.getByRole('button', { name: 'Créer le jeton' }).click();
    await expect(form.getByText('Choisissez au moins une autorisation.')).toBeVisible();
    await form.getByRole('checkbox', { name: 'Contacts externes > Contact > Visualiser' }).check();
    await form.getByRole('button', { name: 'Créer le jeton' }).click();
    await expect(page.getByRole('region', { name: 'Jeton « Jeton français » créé' }).getByLabel('Votre nouveau jeton'))
      .toHaveValue(/^cbi_/);
    await expect(page.getByRole('table', { name: 'Jetons d\'accès personnels' }).getByRole('row', { name: /Jeton français/ }))
      .toContainText('Actif');
    expect(englishLeft(await pageTexts(page, 'code, input[readonly]'))).toEqual([]);
  });
});
