import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '@/messages/en.json';
import fr from '@/messages/fr.json';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') out.set(prefix + key, value);
    else for (const [k, v] of flatten(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

const enKeys = flatten(en as Tree);
const frKeys = flatten(fr as Tree);
const namespaces = Object.keys(en);
const root = path.resolve(__dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(tsx?|mjs)$/.test(name) ? [full] : [];
  });
}

const PLURAL_SUFFIXES = ['', '_zero', '_one', '_two', '_few', '_many', '_other'];
const hasKey = (keys: Map<string, string>, key: string) => PLURAL_SUFFIXES.some((s) => keys.has(key + s));
const hasPrefix = (keys: Map<string, string>, prefix: string) => [...keys.keys()].some((k) => k.startsWith(prefix));

/** Every quoted string in the code that looks like a key of one of our namespaces. */
function keysUsedInCode(): { literal: Set<string>; prefixes: Set<string> } {
  const literal = new Set<string>();
  const prefixes = new Set<string>();
  const ns = namespaces.join('|');
  const literalPattern = new RegExp(`['"\`]((?:${ns})\\.[A-Za-z0-9_.:]+)['"\`]`, 'g');
  const templatePattern = new RegExp(`\`((?:${ns})\\.[A-Za-z0-9_.:]*)\\$\\{`, 'g');
  for (const file of ['app', 'components', 'lib'].flatMap((d) => sourceFiles(path.join(root, d)))) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(literalPattern)) literal.add(match[1]);
    for (const match of text.matchAll(templatePattern)) prefixes.add(match[1]);
  }
  return { literal, prefixes };
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();

describe('translations', () => {
  it('have the same keys in English and French', () => {
    expect([...enKeys.keys()].filter((k) => !frKeys.has(k))).toEqual([]);
    expect([...frKeys.keys()].filter((k) => !enKeys.has(k))).toEqual([]);
  });

  it('have no empty text and the same placeholders in both languages', () => {
    for (const [key, text] of enKeys) {
      expect(text.trim(), key).not.toBe('');
      expect(frKeys.get(key)?.trim(), key).not.toBe('');
      expect(placeholders(frKeys.get(key) ?? ''), key).toEqual(placeholders(text));
    }
  });

  it('cover every key the code uses, in both files', () => {
    const { literal, prefixes } = keysUsedInCode();
    expect(literal.size).toBeGreaterThan(20);
    const missingEn = [...literal].filter((k) => !hasKey(enKeys, k));
    const missingFr = [...literal].filter((k) => !hasKey(frKeys, k));
    expect(missingEn, 'used in code, absent from messages/en.json').toEqual([]);
    expect(missingFr, 'used in code, absent from messages/fr.json').toEqual([]);
    const missingPrefixes = [...prefixes].filter((p) => !hasPrefix(enKeys, p) || !hasPrefix(frKeys, p));
    expect(missingPrefixes, 'dynamic key prefixes with no keys').toEqual([]);
  });

  it('translate to French rather than copy the English, but for words the same in both', () => {
    const sameInBoth = /^(Division|Actions|Contact|Administration|Page|Description|Statut|English|Français|Source|Type|Total|Divisions|Sources|Tags|Notifications|Import|Date|Options|Message|Lignes?|Ligne|Code|E-mail|ID|URL|Transaction|Validation)$/;
    const copied = [...enKeys].filter(([key, text]) =>
      frKeys.get(key) === text && /[a-z]{3}/i.test(text.replace(/\{\{\w+\}\}/g, '')) && !sameInBoth.test(text.replace(/[:.…]/g, '').trim())
      && !key.startsWith('language.'));
    expect(copied.map(([k]) => k)).toEqual([]);
  });

  it('give French plurals their "many" form (1,000,000 and up), or i18next shows the raw key', async () => {
    const i18next = (await import('i18next')).default.createInstance();
    await i18next.init({ lng: 'fr', resources: { fr: { translation: fr } } });
    const plurals = [...frKeys.keys()].filter((key) => key.endsWith('_other')).map((key) => key.slice(0, -'_other'.length));
    expect(plurals.length).toBeGreaterThan(5);
    const raw = plurals.filter((key) => i18next.t(key, { count: 1_000_000 }) === key);
    expect(raw).toEqual([]);
  });
});
