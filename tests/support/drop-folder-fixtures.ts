import { mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { AppDatabase } from '@/db/client';
import { importProfiles } from '@/db/schema';
import { HISTORY } from '@/lib/import/drop-folder/profile-folders';
import { createProfile } from './job-fixtures';

export async function makeDropRoot(): Promise<{ root: string; remove: () => Promise<void> }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'drop-folder-'));
  return { root, remove: () => rm(root, { recursive: true, force: true }) };
}

/** Puts a file in a folder the way a careful sender does: written under a hidden name, then renamed. */
export async function dropFile(dir: string, name: string, content: string | Uint8Array): Promise<void> {
  const temporary = path.join(dir, `.${name}.part`);
  await writeFile(temporary, content);
  await rename(temporary, path.join(dir, name));
}

/** A profile (see createProfile) whose folder imports run as `automationUserId` into `divisionId`. */
export async function createFolderProfile(
  db: AppDatabase, options: { automationUserId: string | null; divisionId: string | null; name?: string },
) {
  const profile = await createProfile(db);
  const [updated] = await db.update(importProfiles).set({
    automationUserId: options.automationUserId, defaultDivisionId: options.divisionId, ...(options.name ? { name: options.name } : {}),
  }).where(eq(importProfiles.id, profile.id)).returning();
  return updated;
}

/** The History entries of a profile folder for one dropped file: `<stamp>_<name>` and its reports. */
export async function historyOf(folder: string, name: string): Promise<Record<'file' | 'log' | 'result' | 'err', string | undefined>> {
  const entries = await readdir(path.join(folder, HISTORY)).catch(() => [] as string[]);
  const base = entries.find((entry) => new RegExp(`^\\d{8}_\\d{6}_${escape(name)}$`).test(entry));
  const pick = (suffix: string) => (base && entries.includes(base + suffix) ? path.join(folder, HISTORY, base + suffix) : undefined);
  return { file: base && path.join(folder, HISTORY, base), log: pick('.log'), result: pick('.result'), err: pick('.err') };
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A .result file as an object: counters as numbers, status and jobId as text. */
export async function readResult(file: string): Promise<Record<string, string | number>> {
  const lines = (await readFile(file, 'utf8')).trim().split('\n');
  return Object.fromEntries(lines.map((line) => {
    const [key, value] = [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)];
    return [key, /^\d+$/.test(value) ? Number(value) : value];
  }));
}

/** Polls `check` (after running `step`, e.g. a scan) until it returns something truthy. */
export async function waitUntil<T>(check: () => Promise<T>, options: { step?: () => Promise<unknown>; timeoutMs?: number; what?: string } = {}) {
  const started = Date.now();
  for (;;) {
    await options.step?.();
    const value = await check();
    if (value) return value;
    if (Date.now() - started > (options.timeoutMs ?? 60_000)) throw new Error(`timed out waiting for ${options.what ?? 'a condition'}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
