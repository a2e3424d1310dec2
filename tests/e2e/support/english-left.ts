import type { Page } from '@playwright/test';
import en from '../../../messages/en.json' with { type: 'json' };
import fr from '../../../messages/fr.json' with { type: 'json' };

// "No English string left" checks of the French pages: which English texts French replaces, and
// every text a page shows (text nodes and accessible attributes).

type Tree = { [key: string]: string | Tree };
const flatten = (tree: Tree, prefix = ''): [string, string][] => Object.entries(tree).flatMap(([k, v]) =>
  typeof v === 'string' ? [[prefix + k, v] as [string, string]] : flatten(v, `${prefix}${k}.`));

export const EN = new Map(flatten(en as Tree));
export const FR = new Map(flatten(fr as Tree));

/** The French text of a key (its plural's `other` form when the key is a plural). */
export function frText(key: string): string {
  const text = FR.get(key) ?? FR.get(`${key}_other`);
  if (!text) throw new Error(`no French text for ${key}`);
  return text;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** English texts that French replaces, as whole-text patterns ({{x}} matches anything). */
const ENGLISH_ONLY = [...EN]
  .filter(([key, text]) => FR.get(key) !== text && /[a-z]{3}/i.test(text.replace(/\{\{[^}]+\}\}/g, '')))
  .map(([key, text]) => ({ key, pattern: new RegExp(`^${text.split(/\{\{[^}]+\}\}/).map(escape).join('.+')}$`) }));

/** Names of seeded records: data, not interface text, so they keep their name in French. */
const SEEDED_DATA = new Set(['Home', 'Administrator', 'External contacts admin']);

/** The texts among these that are English the French pages should have replaced, as `key: "text"`. */
export function englishLeft(texts: readonly string[]): string[] {
  return texts.filter((text) => !SEEDED_DATA.has(text))
    .flatMap((text) => ENGLISH_ONLY.filter(({ pattern }) => pattern.test(text)).map(({ key }) => `${key}: "${text}"`));
}

/** Every text node and accessible attribute of the page, trimmed; `skip`: a selector for data (file cells...). */
export function pageTexts(page: Page, skip?: string): Promise<string[]> {
  return page.evaluate((skipSelector) => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || ['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(parent.tagName)) continue;
      if (skipSelector && parent.closest(skipSelector)) continue;
      const text = node.textContent?.trim();
      if (text) out.push(text);
    }
    const attributes = ['aria-label', 'placeholder', 'title', 'alt', 'aria-valuetext', 'aria-roledescription'];
    for (const el of document.querySelectorAll(attributes.map((a) => `[${a}]`).join(','))) {
      for (const attr of attributes) {
        const value = el.getAttribute(attr)?.trim();
        if (value) out.push(value);
      }
    }
    return out;
  }, skip ?? null);
}
