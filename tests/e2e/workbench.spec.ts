import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './fixtures/admin';
import { signIn, uniqueTag } from './support/session';
import { importThroughWizard } from './support/wizard-import';
import { BAD_LINES, BAD_ROWS, ROWS, numberPattern, seed004Csv } from './support/wizard-run';

// Issue 24, as a person does it: the validation step's workbench. Seed 004's file (1,000 rows,
// 15 incomplete e-mails): 14 e-mails corrected in the grid with the keyboard, one row excluded,
// the projection read, then the import: 999 imported, 1 not; the contacts hold the corrected
// e-mails and the job page lists the 15 fixes. Then a bulk fix and its undo.

test.use({ locale: 'en-US' });

const HEADERS: [string, string, string, string] = ['External ID', 'First Name', 'Last Name', 'Work Email'];
const count = (page: Page, label: string) => page.getByLabel(label, { exact: true });

async function expectNoSeriousViolations(page: Page, what: string) {
  const { violations } = await new AxeBuilder({ page }).include('#workbench').analyze();
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious, `axe on ${what}`).toEqual([]);
}

/** The grid's body row of a file line (its row header is the line). */
function gridRow(grid: Locator, line: number): Locator {
  return grid.getByRole('row').filter({ has: grid.page().getByRole('rowheader', { name: String(line), exact: true }) });
}

test('workbench: 14 e-mails fixed with the keyboard, one row excluded, 999 imported', async ({ page }) => {
  test.setTimeout(300_000);
  const tag = uniqueTag();
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  const jobId = await importThroughWizard(page, {
    tag, description: `Workbench ${tag}`, rows: ROWS, csv: seed004Csv(tag, HEADERS), validateOnly: true,
  });
  await expect(count(page, 'Invalid rows')).toHaveText(numberPattern(15, 'en'), { timeout: 60_000 });

  // The grid: the 15 invalid rows, their e-mail cells marked with the error's sentence.
  const grid = page.getByRole('grid', { name: 'Rows to fix' });
  await expect(grid).toHaveAttribute('aria-rowcount', '16');
  await expect(grid.getByRole('rowheader')).toHaveText(BAD_LINES.map(String));
  const emailCell = (line: number) => gridRow(grid, line).getByRole('gridcell').nth(3);
  await expect(emailCell(BAD_LINES[0])).toHaveAttribute('aria-invalid', 'true');
  await expect(emailCell(BAD_LINES[0])).toHaveAccessibleDescription(`“contact.${BAD_ROWS[0]}@” is not a valid e-mail address.`);
  await expect(count(page, 'Still to fix')).toHaveText('15');
  await expectNoSeriousViolations(page, 'the workbench');

  // 14 cells corrected with the keyboard: Enter edits, typing replaces, Enter saves, arrow down
  // (once the page's scripts run: the grid is busy until then).
  await expect(grid).not.toHaveAttribute('aria-busy', 'true');
  await emailCell(BAD_LINES[0]).click();
  await expect(emailCell(BAD_LINES[0])).toBeFocused();
  for (let i = 0; i < 14; i += 1) {
    const line = BAD_LINES[i];
    const email = `contact.${BAD_ROWS[i]}.${tag}@example.test`;
    await page.keyboard.press('Enter');
    const input = grid.getByRole('textbox', { name: `Work Email, line ${line}` });
    await expect(input).toBeFocused();
    await page.keyboard.type(`contact.${BAD_ROWS[i]}.${tag}@example`);
    // Checked as typed, with the server's rules: not yet an address, then valid.
    await expect(input).toHaveAttribute('aria-invalid', 'true');
    await page.keyboard.type('.test');
    await expect(input).not.toHaveAttribute('aria-invalid');
    await page.keyboard.press('Enter');
    await expect(emailCell(line)).toContainText(email);
    await expect(emailCell(line)).not.toHaveAttribute('aria-invalid');
    await expect(gridRow(grid, line)).toContainText('Fixed');
    await expect(emailCell(line)).toBeFocused();
    if (i === 0) await expectNoSeriousViolations(page, 'the workbench after a fix');
    if (i < 13) await page.keyboard.press('ArrowDown');
  }
  // The last row excluded, from the keyboard too.
  const lastLine = BAD_LINES[14];
  const exclude = grid.getByRole('button', { name: `Exclude line ${lastLine} from the import` });
  await exclude.focus();
  await page.keyboard.press('Enter');
  await expect(gridRow(grid, lastLine)).toContainText('Excluded');
  await expect(grid.getByRole('button', { name: `Include line ${lastLine} in the import again` })).toBeVisible();

  await expect(count(page, 'Valid now')).toHaveText(numberPattern(999, 'en'));
  await expect(count(page, 'Still to fix')).toHaveText('0');
  await expect(count(page, 'Fixed')).toHaveText('14');
  await expect(count(page, 'Excluded')).toHaveText('1');

  // What the import will do, worked out again with the fixes: 999 contacts to create.
  await expect(count(page, 'Contacts to create')).toHaveText(numberPattern(999, 'en'), { timeout: 120_000 });
  await expect(page.getByText('Worked out with the fixes made so far.', { exact: false })).toBeVisible({ timeout: 60_000 });
  await expect(count(page, 'Contacts to update')).toHaveText('0');
  await expect(count(page, 'Contacts to delete')).toHaveText('0');
  await expectNoSeriousViolations(page, 'the workbench with its projection');

  // Import: 999 imported, 1 (the excluded row) not.
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page).toHaveURL(/\/imports\/jobs\/[0-9a-f-]+\/import$/);
  await expect(count(page, 'Imported contacts')).toHaveText(numberPattern(999, 'en'), { timeout: 120_000 });
  await expect(count(page, 'Contacts not imported')).toHaveText('1');

  // The 14 contacts hold the corrected e-mails; the excluded one was not imported.
  for (let i = 0; i < 14; i += 1) {
    const name = `Ann${BAD_ROWS[i]} Seed${tag}`;
    await page.goto(`/contacts?${new URLSearchParams({ q: name })}`);
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });
    await expect(row).toContainText(`contact.${BAD_ROWS[i]}.${tag}@example.test`);
  }
  await page.goto(`/contacts?${new URLSearchParams({ q: `Ann${BAD_ROWS[14]} Seed${tag}` })}`);
  await expect(page.getByRole('link', { name: `Ann${BAD_ROWS[14]} Seed${tag}`, exact: true })).toHaveCount(0);

  // The job page lists the 14 fixes and the exclusion: line, column, before -> after.
  await page.goto(`/imports/jobs/${jobId}`);
  await expect(count(page, 'Fixed rows')).toHaveText('14');
  await expect(count(page, 'Excluded rows')).toHaveText('1');
  const fixes = page.getByRole('table', { name: 'Rows fixed before the import' });
  await expect(fixes.locator('tbody tr')).toHaveCount(15);
  for (let i = 0; i < 14; i += 1) {
    const row = fixes.getByRole('row').filter({ has: page.getByRole('rowheader', { name: String(BAD_LINES[i]), exact: true }) });
    await expect(row).toContainText('Work Email');
    await expect(row).toContainText(`contact.${BAD_ROWS[i]}@ → contact.${BAD_ROWS[i]}.${tag}@example.test`);
  }
  const excluded = fixes.getByRole('row').filter({ has: page.getByRole('rowheader', { name: String(lastLine), exact: true }) });
  await expect(excluded).toContainText('Row excluded from the import');
});

test('workbench: pages of rows, Escape, and a bulk fix shown before it runs, applied, then undone', async ({ page }) => {
  test.setTimeout(180_000);
  const tag = uniqueTag();
  // 120 rows, every other one (60) with an e-mail that stops at the @: more than a page of 50.
  const bad = (row: number) => row % 2 === 0;
  const lines = ['External ID,First Name,Last Name,Work Email'];
  for (let row = 1; row <= 120; row += 1) {
    lines.push(`${tag}-${row},Bea${row},Bulk${tag},${bad(row) ? `bea.${row}@` : `bea.${row}.${tag}@example.test`}`);
  }
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  await importThroughWizard(page, { tag, description: `Bulk fix ${tag}`, rows: 120, csv: `${lines.join('\r\n')}\r\n`, validateOnly: true });
  await expect(count(page, 'Still to fix')).toHaveText('60', { timeout: 60_000 });

  // Pages read from the server: 50 rows, then the 10 after the last line shown, then back.
  const grid = page.getByRole('grid', { name: 'Rows to fix' });
  await expect(grid).toHaveAttribute('aria-rowcount', '61');
  await expect(grid.getByRole('rowheader')).toHaveCount(50);
  await expect(page.getByText('Rows 1 to 50 of 60')).toBeVisible();
  await page.getByRole('button', { name: 'Next rows' }).click();
  await expect(grid.getByRole('rowheader')).toHaveText(Array.from({ length: 10 }, (_, k) => String(103 + 2 * k)));
  await expect(grid.getByRole('row').nth(1)).toHaveAttribute('aria-rowindex', '52');
  await expect(page.getByText('Rows 51 to 60 of 60')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Next rows' })).toBeDisabled();
  await page.getByRole('button', { name: 'Previous rows' }).click();
  await expect(grid.getByRole('rowheader').first()).toHaveText('3');

  // Escape puts the cell back as it was, and the focus on it.
  const cell = gridRow(grid, 3).getByRole('gridcell').nth(3);
  await expect(grid).not.toHaveAttribute('aria-busy', 'true');
  await cell.click();
  await page.keyboard.press('Enter');
  await page.keyboard.type('typed then cancelled');
  await page.keyboard.press('Escape');
  await expect(cell).toBeFocused();
  await expect(cell).toHaveText(/^bea\.2@/);
  await expect(cell).toHaveAttribute('aria-invalid', 'true');

  const panel = page.getByRole('region', { name: 'Fix many rows at once' });
  await panel.getByLabel('Error type').selectOption({ label: 'Invalid e-mail address (60)' });
  await panel.getByLabel('Action').selectOption({ label: 'Find and replace' });
  await panel.getByLabel('In column').selectOption('Work Email');
  await panel.getByLabel('Find', { exact: true }).fill('@');
  await panel.getByLabel('Replace with').fill(`.${tag}@example.test`);
  await expect(panel.getByRole('status')).toHaveText('This will change 60 rows.');
  await panel.getByRole('button', { name: 'Apply' }).click();

  // The job goes to its fixing step, then back: the rows are read again.
  await expect(count(page, 'Fixed')).toHaveText('60', { timeout: 60_000 });
  await expect(count(page, 'Still to fix')).toHaveText('0');
  await expect(count(page, 'Valid now')).toHaveText('120');
  const operations = page.getByRole('table', { name: 'Fixes made' });
  const replace = operations.getByRole('row').filter({ hasText: 'Find and replace' });
  await expect(replace).toContainText('60');
  await replace.getByRole('button', { name: /^Undo/ }).click();

  await expect(count(page, 'Still to fix')).toHaveText('60', { timeout: 60_000 });
  await expect(count(page, 'Fixed')).toHaveText('0');
  await expect(operations.getByRole('row').filter({ hasText: 'Find and replace' })).toContainText('Undone');
  await expect(gridRow(grid, 3).getByRole('gridcell').nth(3)).toHaveText(/^bea\.2@/);
});
