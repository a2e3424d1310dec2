import { expect, test, type Locator, type Page } from '@playwright/test';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './fixtures/admin';
import { signIn, uniqueTag } from './support/session';
import { importThroughWizard } from './support/wizard-import';

// Issue 24, part 7: on a 1366 px screen no table pushes the page wider than the screen. Each wide
// table scrolls inside its own frame (a named region the keyboard can scroll), its key column stays
// in view while it scrolls, and its last column is reached by scrolling the frame.

const WIDTH = 1366;
test.use({ locale: 'en-US', viewport: { width: WIDTH, height: 768 } });

/** Four rows, the last one repeating the first's External ID (a warning in the validation log). */
function csv(tag: string): string {
  const lines = ['External ID,First Name,Last Name,Work Email,Work Phone,Title'];
  for (let i = 1; i <= 3; i += 1) {
    lines.push(`fit-${tag}-${i},Maximiliana${i},Konstantinopoulou-Wetherington${tag},maximiliana.konstantinopoulou.${i}.${tag}@example.test,+1 617 555 01${10 + i},Senior procurement and logistics coordinator`);
  }
  lines.push(`fit-${tag}-1,Maximiliana1,Konstantinopoulou-Wetherington${tag},maximiliana.konstantinopoulou.1.${tag}@example.test,+1 617 555 0111,Senior procurement and logistics coordinator`);
  return `${lines.join('\r\n')}\r\n`;
}

async function expectPageFits(page: Page) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth, 'the page scrolls sideways').toBeLessThanOrEqual(clientWidth);
}

/**
 * The table in `frame`: the page does not scroll sideways, the frame lies within the screen, the
 * row's key cell is in view before and after the frame is scrolled to its end, and the row's last
 * cell is in view once it is. `wide`: the table is wider than its frame here (it must scroll).
 */
async function expectTableFits(page: Page, frame: Locator, row: Locator, wide: boolean) {
  await expect(frame).toHaveAttribute('tabindex', '0');
  await row.scrollIntoViewIfNeeded(); // down the page to the row: only sideways is at stake here
  await expectPageFits(page);
  const box = (await frame.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(WIDTH);
  const key = row.getByRole('rowheader');
  const last = row.getByRole('cell').last();
  await expect(key).toBeInViewport({ ratio: 0.9 });
  const widths = () => frame.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, left: el.scrollLeft }));
  if (wide) {
    expect((await widths()).scroll).toBeGreaterThan((await widths()).client);
    await expect(last).not.toBeInViewport();
    // The keyboard scrolls the frame: focused, the right arrow moves it.
    await frame.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => (await widths()).left).toBeGreaterThan(0);
  }
  await frame.evaluate((el) => { el.scrollLeft = el.scrollWidth; });
  await expect(last).toBeInViewport({ ratio: 0.9 });
  await expect(key).toBeInViewport({ ratio: 0.9 });
  // The key cell stays at the frame's left edge, over the cells scrolled under it.
  const keyBox = (await key.boundingBox())!;
  expect(Math.abs(keyBox.x - box.x)).toBeLessThanOrEqual(2);
  await expectPageFits(page);
}

test('at 1366 px the tables scroll in their frames, the key column stays in view, the last column is reached', async ({ page }) => {
  test.setTimeout(240_000);
  const tag = uniqueTag();
  const description = `Fit on a laptop screen ${tag}`;
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  const jobId = await importThroughWizard(page, { tag, description, rows: 4, csv: csv(tag), fileName: `fit-${tag}.csv` });

  // The Imports list: fifteen columns, the counters last.
  await page.goto('/imports');
  const jobs = page.getByRole('region', { name: 'Import jobs' });
  const jobRow = jobs.getByRole('table', { name: 'Import jobs' }).getByRole('row', { name: new RegExp(description) });
  await expect(jobRow.getByRole('cell').last()).toHaveText('0'); // Failed
  await expectTableFits(page, jobs, jobRow, true);

  // The job's page: the contacts it changed, and its validation log.
  await page.goto(`/imports/jobs/${jobId}`);
  // Each is a section of its own name; the frame inside it bears the same name.
  const changes = page.locator('#changes').getByRole('region', { name: 'Contacts changed by this import' });
  const changeRow = changes.getByRole('row', { name: /Maximiliana2 Konstantinopoulou/ });
  await expect(changeRow.getByRole('cell').first()).toHaveText('Inserted');
  await expectTableFits(page, changes, changeRow, false);
  const log = page.locator('#validation-log').getByRole('region', { name: 'Validation log' });
  const logRow = log.getByRole('row').filter({ has: page.getByRole('rowheader', { name: '5', exact: true }) });
  await expect(logRow.getByRole('cell').last()).toContainText('Line 5 repeats line 2');
  await expectTableFits(page, log, logRow, false);

  // The contacts list and the users of the administration.
  await page.goto(`/contacts?q=${encodeURIComponent(`Konstantinopoulou-Wetherington${tag}`)}`);
  const contacts = page.getByRole('region', { name: 'External contacts' });
  const contactRow = contacts.getByRole('row', { name: /Maximiliana1/ });
  await expectTableFits(page, contacts, contactRow, false);

  await page.goto('/admin/users');
  const users = page.getByRole('region', { name: 'Users' });
  await expectTableFits(page, users, users.getByRole('row', { name: new RegExp(ADMIN_EMAIL.replace('.', '\\.')) }), false);
});

/** Thirteen columns, as a CRM exports them; every row's e-mail is incomplete, so every row is in the workbench. */
function wideCsv(tag: string): string {
  const lines = ['External ID,First Name,Last Name,Title,Work Email,Personal Email,Work Phone,Cell Phone,Address Line 1,City,Postal Code,Country Code,Callable'];
  for (let i = 1; i <= 3; i += 1) {
    lines.push(`wide-${tag}-${i},Maximiliana${i},Konstantinopoulou-Wetherington,Senior procurement and logistics coordinator,`
      + `maximiliana.${i}.${tag}@,maxi.${i}.${tag}@mail.example.org,+1 617 555 01${10 + i},+1 857 555 01${10 + i},`
      + `${i}200 Massachusetts Avenue Northwest Suite 400,Cambridge,02139,US,1`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

test('at 1366 px the workbench grid scrolls in its frame, its line column stays in view, End reaches the last column', async ({ page }) => {
  test.setTimeout(180_000);
  const tag = uniqueTag();
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  await importThroughWizard(page, { tag, description: `Wide workbench ${tag}`, rows: 3, csv: wideCsv(tag), validateOnly: true });
  const grid = page.getByRole('grid', { name: 'Rows to fix' });
  const frame = page.locator('.table-frame').filter({ has: grid });
  const row = grid.getByRole('row').filter({ has: page.getByRole('rowheader', { name: '3', exact: true }) });
  const key = row.getByRole('rowheader');
  const last = row.getByRole('gridcell').last();
  await row.scrollIntoViewIfNeeded();
  await expectPageFits(page);
  const box = (await frame.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(WIDTH);
  expect(await frame.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  await expect(key).toBeInViewport({ ratio: 0.9 });
  await expect(last).not.toBeInViewport();

  // The grid's own keyboard: from the line, End goes to the row's last cell, which scrolls into view.
  await key.click();
  await expect(key).toBeFocused();
  await page.keyboard.press('End');
  await expect(last.getByRole('button', { name: 'Exclude line 3 from the import' })).toBeFocused();
  await expect(last).toBeInViewport({ ratio: 0.9 });
  await expect(key).toBeInViewport({ ratio: 0.9 });
  expect(Math.abs((await key.boundingBox())!.x - box.x)).toBeLessThanOrEqual(2);
  await expectPageFits(page);
});
