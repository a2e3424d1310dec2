import { expect, type Page } from '@playwright/test';
import { EN, frText } from './english-left';
import { createSourceThroughUi, numberPattern } from './wizard-run';

// One way through the wizard for the specs that need an import done as a person does it:
// upload, a new profile and source, validate, import.

export type Lang = 'en' | 'fr';

/** The text of a message key as the app shows it in `lang`, with its {{params}} filled in. */
export function textOf(lang: Lang, key: string, params: Record<string, string | number> = {}): string {
  const one = params.count === 1 ? `${key}_one` : key;
  const text = lang === 'fr' ? frText(params.count === 1 ? one : key) : EN.get(one) ?? EN.get(key) ?? EN.get(`${key}_other`);
  if (!text) throw new Error(`no text for ${key}`);
  return text.replace(/\{\{\s*(\w+)[^}]*\}\}/g, (_, name: string) => String(params[name]));
}

/** `rows` new contacts tagged `tag`: External ID, First Name, Last Name, Work Email. */
export function taggedContactsCsv(tag: string, rows: number): string {
  const lines = ['External ID,First Name,Last Name,Work Email'];
  for (let row = 1; row <= rows; row += 1) lines.push(`${tag}-${row},Nora${row},Bell${tag},nora.${row}.${tag}@example.test`);
  return `${lines.join('\r\n')}\r\n`;
}

export interface WizardImport {
  lang?: Lang;
  tag: string;
  description: string;
  /** The file; `taggedContactsCsv(tag, rows)` when absent. Bytes as they are, a string in UTF-8. */
  csv?: string | Uint8Array;
  fileName?: string;
  rows: number;
  /** An existing external source; else one named `Source <tag>` is created first. */
  sourceName?: string;
  profileName?: string;
  /** The division's name, when not the preselected one. */
  division?: string;
  /** Stop after the validation, without importing. */
  validateOnly?: boolean;
  /** Checks or changes more of the upload step once the file is accepted, before Next. */
  uploadStep?: (page: Page) => Promise<void>;
  /** Changes more of the settings step (e.g. a row action) just before Next. */
  moreSettings?: (page: Page) => Promise<void>;
}

/** Runs one import through the wizard's pages as a person does; returns the job's id. */
export async function importThroughWizard(page: Page, options: WizardImport): Promise<string> {
  const { lang = 'en', tag, description, rows } = options;
  const t = (key: string) => textOf(lang, key);
  const sourceName = options.sourceName ?? `Source ${tag}`;
  if (!options.sourceName) await createSourceThroughUi(page, sourceName, { name: t('sources.name'), add: t('sources.addSubmit') });
  await page.goto('/imports/new');

  await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('wizard.steps.upload'));
  await page.getByLabel(t('wizardUpload.fileLabel')).setInputFiles({
    name: options.fileName ?? `contacts-${tag}.csv`, mimeType: 'text/csv',
    buffer: Buffer.from(options.csv ?? taggedContactsCsv(tag, rows)),
  });
  const next = page.getByRole('button', { name: t('common.next'), exact: true });
  await expect(next).toBeEnabled({ timeout: 30_000 });
  await options.uploadStep?.(page);
  await next.click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('wizard.steps.settings'));
  await page.getByLabel(t('wizardSettings.profile.label')).selectOption({ label: t('wizardSettings.profile.createNew') });
  await page.getByLabel(t('wizardSettings.profile.name')).fill(options.profileName ?? `Profile ${tag}`);
  await page.getByLabel(t('wizardSettings.source.label')).selectOption({ label: sourceName });
  const used = page.getByRole('list', { name: t('wizardSettings.matchBy.chosenList') });
  if (await used.getByRole('checkbox').count() === 0) {
    await page.getByRole('list', { name: t('wizardSettings.matchBy.otherList') })
      .getByRole('checkbox', { name: t('profiles.identifiers.externalId'), exact: true }).click();
  }
  if (options.division) await page.getByLabel(t('common.division'), { exact: true }).selectOption({ label: options.division });
  await page.getByLabel(t('wizardSettings.description.label'), { exact: true }).fill(description);
  await options.moreSettings?.(page);
  await page.getByRole('button', { name: t('wizardSettings.next'), exact: true }).click();

  await expect(page).toHaveURL(/\/imports\/jobs\/[0-9a-f-]+\/validation/, { timeout: 30_000 });
  const jobId = /\/imports\/jobs\/([0-9a-f-]+)\//.exec(page.url())![1];
  await expect(page.getByLabel(t('wizardRun.counts.rowsInFile'), { exact: true })).toHaveText(numberPattern(rows, lang), { timeout: 60_000 });
  if (options.validateOnly) return jobId;
  await page.getByRole('button', { name: t('wizardRun.actions.import'), exact: true }).click();
  await expect(page.getByRole('heading', { name: t('wizardRun.import.runningTitle') })).toHaveCount(0, { timeout: 60_000 });
  await expect(page.getByLabel(t('wizardRun.result.imported'), { exact: true })).toBeVisible({ timeout: 60_000 });
  return jobId;
}
