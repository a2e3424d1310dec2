import { expect, test } from '@playwright/test';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './fixtures/admin';
import { signIn, uniqueTag } from './support/session';
import { importThroughWizard } from './support/wizard-import';
import { numberPattern } from './support/wizard-run';

// The validation log lists a job's first 500 errors 100 at a time: a file with 620 bad e-mails
// shows lines 2-101 first, the fifth page ends at the 500th error, and the filter keeps its page links.

test.use({ locale: 'en-US' });

const ROWS = 700;
const BAD = 620;

function csvWithBadEmails(tag: string): string {
  const lines = ['External ID,First Name,Last Name,Work Email'];
  for (let row = 1; row <= ROWS; row += 1) {
    lines.push(`${tag}-${row},Nora${row},Bell,${row <= BAD ? `not-an-email-${row}` : `nora.${row}.${tag}@example.test`}`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

test('the validation log pages through the first 500 errors, 100 at a time', async ({ page }) => {
  test.setTimeout(180_000);
  const tag = uniqueTag();
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  await importThroughWizard(page, { tag, description: `Log pages ${tag}`, rows: ROWS, csv: csvWithBadEmails(tag), validateOnly: true });
  await expect(page.getByLabel('Invalid rows', { exact: true })).toHaveText(numberPattern(BAD, 'en'), { timeout: 60_000 });

  const log = page.getByRole('table', { name: 'Validation log' });
  const lines = async () => (await log.locator('tbody tr th').allInnerTexts()).map(Number);
  expect(await lines()).toEqual(Array.from({ length: 100 }, (_, i) => i + 2));
  await expect(page.getByText('The log lists the first 500 errors of 620, 100 per page.')).toBeVisible();
  const pages = page.getByRole('navigation', { name: 'Validation log pages' });
  await expect(pages.getByText('Page 1 of 5')).toBeVisible();

  await pages.getByRole('link', { name: 'Next' }).click();
  await expect(pages.getByText('Page 2 of 5')).toBeVisible();
  expect(await lines()).toEqual(Array.from({ length: 100 }, (_, i) => i + 102));

  // A hand-edited page past the fifth shows the fifth: the log stops at the 500th error.
  await page.goto(`${page.url().replace(/[?#].*$/, '')}?errors=9`);
  await expect(pages.getByText('Page 5 of 5')).toBeVisible();
  expect(await lines()).toEqual(Array.from({ length: 100 }, (_, i) => i + 402));
  await expect(pages.getByRole('link', { name: 'Next' })).toHaveCount(0);
});
