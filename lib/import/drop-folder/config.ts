import path from 'node:path';
import { config, type AppConfig } from '../../config';

export interface DropFolderConfig {
  /** The watched root: one subfolder per import profile. */
  root: string;
  /** Time between two scans; a file must look the same on two scans in a row to be taken. */
  intervalMs: number;
}

/** The drop folder's settings, or null when IMPORT_WATCH_DIR is unset (the feature is off). */
export function readDropFolderConfig(settings: AppConfig = config()): DropFolderConfig | null {
  const root = settings.IMPORT_WATCH_DIR?.trim();
  if (!root) return null;
  return { root: path.resolve(root), intervalMs: settings.IMPORT_WATCH_INTERVAL_MS };
}
