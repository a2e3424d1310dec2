import { expect, type Locator, type Page } from '@playwright/test';

// Shared by the wizard's acceptance runs (tests/e2e/wizard-seed-004.spec.ts, wizard-french.spec.ts).

export const ROWS = 1000;
/** The data rows (1-based) whose e-mail is incomplete: 15 of them, spread over the file. */
export const BAD_ROWS = Array.from({ length: 15 }, (_, k) => 7 + k * 64);
/** Their line numbers in the file, the header being line 1. */
export const BAD_LINES = BAD_ROWS.map((row) => row + 1);

/** Seed 004's file: 1,000 contacts, 15 of them with an incomplete e-mail, with the given header names. */
export function seed004Csv(tag: string, header: [externalId: string, first: string, last: string, email: string]): string {
  const quote = (cell: string) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
  const lines = [header.map(quote).join(',')];
  for (let row = 1; row <= ROWS; row += 1) {
    const email = BAD_ROWS.includes(row) ? `contact.${row}@` : `contact.${row}.${tag}@example.test`;
    lines.push([`${tag}-${row}`, `Ann${row}`, `Seed${tag}`, email].join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** Adds an external source through its page, as an admin would before the first import. */
export async function createSourceThroughUi(page: Page, name: string, labels = { name: 'Name', add: 'Add external source' }) {
  await page.goto('/external-sources');
  await page.getByLabel(labels.name, { exact: true }).fill(name);
  await page.getByRole('button', { name: labels.add }).click();
  await expect(page.getByRole('status')).toContainText(name);
}

/**
 * Drags `handle` onto `target` with the mouse, in small steps (dnd-kit needs movement to start a
 * drag), each step once the page shows it took: the handle enabled (hydrated: before that a drag
 * is lost), the item picked up (dnd-kit has measured the list), the target's item moved aside
 * (dnd-kit has found the place under the pointer). Without these waits a loaded machine drops
 * the mouse before dnd-kit has caught up, and nothing moves.
 */
export async function dragWithMouse(page: Page, handle: Locator, target: Locator) {
  await expect(handle).toBeEnabled();
  const item = (locator: Locator) => locator.locator('xpath=ancestor-or-self::li[1]');
  const from = await handle.boundingBox();
  const to = await target.boundingBox();
  if (!from || !to) throw new Error('drag handle or target not visible');
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2 - 8, { steps: 4 });
  await expect(item(handle)).toHaveClass(/\bdragging\b/);
  await page.mouse.move(to.x + from.width / 2, to.y + to.height / 4, { steps: 15 });
  await expect(item(target)).toHaveAttribute('style', /translate3d\([^,]+, -?[1-9]\d*px/);
  await page.mouse.up();
  await expect(item(handle)).not.toHaveClass(/\bdragging\b/);
}

/** Moves the item of `handle` up by `places` with the keyboard: Space, arrow up, Space. */
export async function moveUpWithKeyboard(page: Page, handle: Locator, places = 1) {
  await handle.focus();
  // dnd-kit measures the list after the pick-up and after each move: a person's pace, not a robot's.
  const pause = () => page.waitForTimeout(250);
  await page.keyboard.press('Space');
  await pause();
  for (let i = 0; i < places; i += 1) {
    await page.keyboard.press('ArrowUp');
    await pause();
  }
  await page.keyboard.press('Space');
}

/** A number as the page writes it: "1,000" in English; in French a narrow (or plain) no-break space. */
export function numberPattern(value: number, locale: 'en' | 'fr'): RegExp {
  const text = new Intl.NumberFormat(locale === 'en' ? 'en-US' : 'fr-FR').format(value);
  return new RegExp(`^${text.replace(/[\u202f\u00a0 ]/g, '[\\u202f\\u00a0]').replace(/,/g, ',')}$`);
}
