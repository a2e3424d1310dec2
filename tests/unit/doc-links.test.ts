import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// README and docs/ are what a user of a fresh clone reads: a link that does not resolve, or that
// leaves the repository (../shared), sends them nowhere.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(full);
    return entry.name.endsWith('.md') ? [full] : [];
  });
}

/** Text outside fenced code blocks and inline code: a `[x](y)` there is not a link. */
function proseOf(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

const LINK = /\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
const EXTERNAL = /^(?:https?:|mailto:)/i;

function relativeLinks(markdown: string): string[] {
  return [...proseOf(markdown).matchAll(LINK)]
    .map((match) => match[1])
    .filter((target) => !EXTERNAL.test(target) && !target.startsWith('#'));
}

/** Why a link target of `file` does not resolve, or null when it does. */
function brokenReason(file: string, target: string): string | null {
  const withoutAnchor = decodeURIComponent(target.split('#')[0].split('?')[0]);
  const resolved = withoutAnchor.startsWith('/')
    ? path.join(root, withoutAnchor)
    : path.resolve(path.dirname(file), withoutAnchor);
  const inside = path.relative(root, resolved);
  if (inside.startsWith('..') || path.isAbsolute(inside)) return 'points outside the repository';
  if (inside.split(path.sep)[0] === 'node_modules') return 'points into node_modules';
  return existsSync(resolved) ? null : 'does not exist';
}

const files = [path.join(root, 'README.md'), ...markdownFiles(path.join(root, 'docs'))];

describe('documentation links', () => {
  it('finds the README and the docs', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it.each(files.map((file) => [path.relative(root, file), file]))('%s: every relative link resolves', (_name, file) => {
    const broken = relativeLinks(readFileSync(file, 'utf8'))
      .map((target) => ({ target, reason: brokenReason(file, target) }))
      .filter((link) => link.reason !== null)
      .map((link) => `${link.target}: ${link.reason}`);
    expect(broken).toEqual([]);
  });

  it('catches a broken link, a link out of the repository, and ignores code and external links', () => {
    const readme = path.join(root, 'README.md');
    const sample = [
      '[ok](docs/api.md#errors) [folder](docs/) [gone](docs/no-such-page.md) [out](../shared/SPEC.md)',
      '[web](https://example.com/x.md) [mail](mailto:a@b.c) [here](#configuration)',
      '`[inline](nowhere.md)`',
      '```',
      '[fenced](nowhere-either.md)',
      '```',
    ].join('\n');
    const links = relativeLinks(sample);
    expect(links).toEqual(['docs/api.md#errors', 'docs/', 'docs/no-such-page.md', '../shared/SPEC.md']);
    expect(links.map((target) => brokenReason(readme, target))).toEqual([
      null, null, 'does not exist', 'points outside the repository',
    ]);
  });
});

describe('README', () => {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');

  it('is at most 200 lines', () => {
    expect(readme.replace(/\n$/, '').split('\n').length).toBeLessThanOrEqual(200);
  });

  it('opens with the two commands, before any section', () => {
    const firstBlock = /^```[^\n]*\n([\s\S]*?)^```/m.exec(readme);
    expect(firstBlock).not.toBeNull();
    const block = firstBlock![1];
    expect(block).toContain('npm install && npm start');
    expect(block).toMatch(/^npm test\b/m);
    expect(firstBlock!.index).toBeLessThan(readme.indexOf('\n## '));
  });
});
