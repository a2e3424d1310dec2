import { expect, test, type Page } from '@playwright/test';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './fixtures/admin';
import { createRoleWithPermissions, createUserWithRole } from './support/admin-ui';
import { signIn, signOut, uniqueTag } from './support/session';
import { importThroughWizard } from './support/wizard-import';
import { createSourceThroughUi } from './support/wizard-run';

// Issue 5, part 1: the Imports page after two imports by two users, run through the wizard as a
// person does it. importJob:view shows one's own jobs, viewAll everyone's; each filter narrows
// the list and survives a reload. The browser lives in Auckland, the server in its own zone: the
// days picked are the browser's.

test.use({ locale: 'en-US', timezoneId: 'Pacific/Auckland' });

const ROWS = 20;
const IMPORTER_PERMISSIONS = [
  'External contacts > Import job > Add', 'External contacts > Import job > Edit', 'External contacts > Import job > View',
  'External contacts > Import CSV upload > Add', 'External contacts > Import settings > Add',
  // What starting an import needs besides Import job > Add (docs/permissions.md).
  'External contacts > External entity > Import', 'External contacts > Import CSV job > Add',
  'External contacts > Contact > Add', 'External contacts > Contact > Edit',
];

function csv(tag: string, who: string): string {
  const lines = ['External ID,First Name,Last Name,Work Email'];
  for (let i = 1; i <= ROWS; i += 1) lines.push(`${who}-${tag}-${i},${who}${i},List${tag},${who}.${i}.${tag}@example.test`);
  return `${lines.join('\r\n')}\r\n`;
}

interface Run { tag: string; who: string; sourceName: string; description: string; importRows: boolean }

/** Upload, new profile, validation, and (if asked) the import, through the wizard's pages. */
function runWizard(page: Page, { tag, who, sourceName, description, importRows }: Run) {
  return importThroughWizard(page, {
    tag, description, sourceName, rows: ROWS, csv: csv(tag, who), fileName: `${who}-${tag}.csv`,
    profileName: `${who} profile ${tag}`, division: 'Home', validateOnly: !importRows,
  });
}

const jobTable = (page: Page) => page.getByRole('table', { name: 'Import jobs' });
const listed = (page: Page) => jobTable(page).getByRole('rowheader');
const filters = (page: Page) => page.getByRole('search', { name: 'Filter imports' });

/**
 * Apply filters stays disabled until the page's scripts run (hydration would reset a select
 * chosen earlier), so a person, like this test, fills the filters once it is enabled.
 */
const filtersReady = (page: Page) => expect(filters(page).getByRole('button', { name: 'Apply filters' })).toBeEnabled();

/** Applies the filters, then checks the rows (by description) before and after a reload. */
async function expectAfterReload(page: Page, check: () => Promise<void>) {
  await check();
  await page.reload();
  await check();
  await filtersReady(page);
}

/** A day in the browser's own zone, `offset` days from today, as a date field takes it. */
const browserDay = (page: Page, offset = 0) => page.evaluate((days) => {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}, offset);

test('view shows one\'s own imports, viewAll both; each filter narrows the list and survives a reload', async ({ page }) => {
  test.setTimeout(240_000);
  const tag = uniqueTag();
  const sourceName = `List CRM ${tag}`;
  const alice = { name: `Alice ${tag}`, email: `alice-${tag}@example.com`, password: `alice-password-${tag}` };
  const bob = { name: `Bob ${tag}`, email: `bob-${tag}@example.com`, password: `bob-password-${tag}` };
  const sue = { name: `Sue ${tag}`, email: `sue-${tag}@example.com`, password: `sue-password-${tag}` };
  const aliceJob = `Alice spring list ${tag}`;
  const bobJob = `Bob autumn list ${tag}`;

  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  await createSourceThroughUi(page, sourceName);
  await createRoleWithPermissions(page, `List importers ${tag}`, IMPORTER_PERMISSIONS);
  await createRoleWithPermissions(page, `List supervisors ${tag}`, ['External contacts > Import job > View all']);
  await createUserWithRole(page, alice, `List importers ${tag}`);
  await createUserWithRole(page, bob, `List importers ${tag}`);
  await createUserWithRole(page, sue, `List supervisors ${tag}`);
  await signOut(page);

  // Bob, before any import of his: nothing yet (not "nothing matches"). Then his file, validated, left waiting.
  await signIn(page, bob.email, bob.password);
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Imports', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Imports' })).toBeVisible();
  await expect(page.getByRole('main')).toContainText('No imports yet');
  await expect(filters(page).getByRole('link', { name: 'Clear filters' })).toHaveCount(0);
  await runWizard(page, { tag, who: 'bob', sourceName, description: bobJob, importRows: false });
  await signOut(page);

  // Alice imports hers; she sees only her own, with its file, requester and counters.
  await signIn(page, alice.email, alice.password);
  await runWizard(page, { tag, who: 'alice', sourceName, description: aliceJob, importRows: true });
  await page.goto('/imports');
  await expect(listed(page)).toHaveText([aliceJob]);
  const row = jobTable(page).getByRole('row', { name: new RegExp(aliceJob) });
  await expect(row.getByRole('cell')).toHaveText([
    'Completed', '—', `alice-${tag}.csv`, /^[0-9a-f]{8}-[0-9a-f-]{27}$/, /20\d\d/, alice.name, alice.name, '20', '20', '0', '0', '0', '0', '0',
  ]);
  await row.getByRole('link', { name: aliceJob }).click();
  await expect(page).toHaveURL(/\/imports\/jobs\/[0-9a-f-]{36}$/);
  await signOut(page);

  // Bob sees only his.
  await signIn(page, bob.email, bob.password);
  await page.goto('/imports');
  await expect(listed(page)).toHaveText([bobJob]);
  await expect(jobTable(page).getByRole('row', { name: new RegExp(bobJob) }).getByRole('cell').nth(0)).toHaveText('Running');
  await expect(jobTable(page).getByRole('row', { name: new RegExp(bobJob) }).getByRole('cell').nth(1)).toHaveText('Validated');
  await signOut(page);

  // Sue (viewAll) sees both; each filter narrows them, in the URL, kept by a reload.
  await signIn(page, sue.email, sue.password);
  await page.goto('/imports');
  await expect(listed(page).filter({ hasText: tag })).toHaveText([aliceJob, bobJob]);
  await filtersReady(page);

  await filters(page).getByLabel('Description contains').fill(`LIST ${tag}`);
  await filters(page).getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/[?&]timeZone=Pacific%2FAuckland/);
  await expect(filters(page)).toContainText('Pacific/Auckland');
  await expectAfterReload(page, async () => {
    await expect(listed(page)).toHaveText([aliceJob, bobJob]);
    await expect(page.getByRole('status')).toHaveText('2 results');
    await expect(filters(page).getByLabel('Description contains')).toHaveValue(`LIST ${tag}`);
  });
  await filters(page).getByLabel('Description contains').fill(`spring list ${tag}`);
  await filters(page).getByRole('button', { name: 'Apply filters' }).click();
  await expectAfterReload(page, () => expect(listed(page)).toHaveText([aliceJob]));

  await filters(page).getByLabel('Description contains').fill(tag);
  await filters(page).getByLabel('Status').selectOption({ label: 'Completed' });
  await filters(page).getByRole('button', { name: 'Apply filters' }).click();
  await expectAfterReload(page, async () => {
    await expect(listed(page)).toHaveText([aliceJob]);
    await expect(filters(page).getByLabel('Status')).toHaveValue('completed');
  });
  await filters(page).getByLabel('Status').selectOption({ label: 'Running' });
  await filters(page).getByRole('button', { name: 'Apply filters' }).click();
  await expectAfterReload(page, () => expect(listed(page)).toHaveText([bobJob]));

  await filters(page).getByLabel('Status').selectOption({ label: 'Any status' });
  await filters(page).getByLabel('Step').selectOption({ label: 'Validated' });
  await filters(page).getByRole('button', { name: 'Apply filters' }).click();
  await expectAfterReload(page, async () => {
    await expect(listed(page)).toHaveText([bobJob]);
    await expect(filters(page).getByLabel('Step')).toHaveValue('validated');
  });
  await filters(page).getByLabel('Step').selectOption({ label: 'Importing' });
  await filters(page).getByRole('button', { name: 'Apply filters' }).click();
  await expectAfterReload(page, () => expect(page.getByRole('main')).toContainText('No imports match these filters.'));

  // Created days, the browser's: today holds both; up to yesterday, none.
  const [today, yesterday] = [await browserDay(page), await browserDay(page, -1)];
  await filters(page).getByLabel('Step').selectOption({ label: 'Any step' });
  await filters(page).getByLabel('Created from').fill(today);
  await filters(page).getByLabel('Created to').fill(today);
  await filters(page).getByRole('button', { name: 'Apply filters' }).click();
  await expectAfterReload(page, async () => {
    await expect(listed(page)).toHaveText([aliceJob, bobJob]);
    await expect(filters(page).getByLabel('Created from')).toHaveValue(today);
  });
  await filters(page).getByLabel('Created from').fill(yesterday);
  await filters(page).getByLabel('Created to').fill(yesterday);
  await filters(page).getByRole('button', { name: 'Apply filters' }).click();
  await expectAfterReload(page, async () => {
    await expect(page.getByRole('main')).toContainText('No imports match these filters.');
    await expect(jobTable(page)).toHaveCount(0);
  });

  await filters(page).getByRole('link', { name: 'Clear filters' }).click();
  await expect(filters(page).getByLabel('Description contains')).toHaveValue('');
  await expect(listed(page).filter({ hasText: tag })).toHaveText([aliceJob, bobJob]);

  // A hand-edited URL: the error is shown next to the field, the page does not crash.
  await page.goto('/imports?status=finished&createdFrom=2024-02-30');
  await expect(page.getByRole('main').getByRole('alert')).toHaveText('Some filters are not valid: correct them, then apply the filters again.');
  await expect(filters(page)).toContainText('Choose a status from the list.');
  await expect(filters(page)).toContainText('Enter a date as YYYY-MM-DD.');
  await expect(jobTable(page)).toHaveCount(0);
});
