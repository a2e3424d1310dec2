import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = process.cwd();
const HELPER = 'db/advisory-lock.ts';
/** The one module allowed to take advisory locks, and the generated migrations. */
const allowed = (file: string) => file === HELPER || file.startsWith('db/migrations/');

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(relative);
    return /\.(ts|tsx|js|mjs|cjs|sql)$/.test(entry.name) ? [relative] : [];
  });
}

describe('advisory locks', () => {
  const files = ['lib', 'db', 'app'].flatMap(sourceFiles);
  const using = files.filter((file) => /pg_advisory|pg_try_advisory/i.test(readFileSync(path.join(root, file), 'utf8')));

  it('are taken only through db/advisory-lock.ts, whose waits are all bounded', () => {
    expect(using.filter((file) => !allowed(file))).toEqual([]);
  });

  it('the scan sees the helper itself (so an empty answer above means something)', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(using).toContain(HELPER);
  });

  it('the helper never queues on a lock: only pg_try_advisory_* and unlock', () => {
    const calls = readFileSync(path.join(root, HELPER), 'utf8').match(/pg_(?:try_)?advisory_\w+/g) ?? [];
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.filter((call) => !/^pg_try_advisory_|^pg_advisory_unlock/.test(call))).toEqual([]);
  });
});
