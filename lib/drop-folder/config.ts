import path from 'node:path';

export interface DropFolderConfig {
  /** The watched root: one subfolder per import profile. */
  root: string;
  /** Time between two scans; a file must look the same on two scans in a row to be taken. */
  intervalMs: number;
}

export const DEFAULT_SCAN_INTERVAL_MS = 2000;

/** The drop folder's settings, or null when IMPORT_WATCH_DIR is unset (the feature is off). */
export function readDropFolderConfig(env: NodeJS.ProcessEnv = process.env): DropFolderConfig | null {
  const root = env.IMPORT_WATCH_DIR?.trim();
  if (!root) return null;
  const interval = Number(env.IMPORT_WATCH_INTERVAL_MS);
  return {
    root: path.resolve(root),
    intervalMs: Number.isFinite(interval) && interval >= 100 ? interval : DEFAULT_SCAN_INTERVAL_MS,
  };
}
