import type { DatabaseHandle } from '../../../db/client';
import { readDropFolderConfig, type DropFolderConfig } from './config';
import { logDropFolder } from './process-log';
import { createDropFolderScanner } from './scanner';

export interface DropFolderWatcher {
  /** Stops scanning, after the scan under way (its files are left where a restart finds them). */
  stop(): Promise<void>;
}

/**
 * Scans the drop folder now (resuming what a stopped process left in InProcess/), then
 * `intervalMs` after each scan ends, so scans never overlap however long one takes.
 */
export function startDropFolder(handle: DatabaseHandle, config: DropFolderConfig): DropFolderWatcher {
  const scanner = createDropFolderScanner(handle, config.root);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let scanning: Promise<void> = Promise.resolve();

  const tick = () => {
    scanning = scanner.scanOnce()
      .then(() => undefined, (error) => console.error('Drop folder: scan failed', error))
      .finally(() => {
        if (stopped) return;
        timer = setTimeout(tick, config.intervalMs);
        timer.unref?.();
      });
  };
  logDropFolder(`watching ${config.root} every ${config.intervalMs} ms`);
  tick();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await scanning;
    },
  };
}

/** The watcher when IMPORT_WATCH_DIR is set (IMPORT_WATCH_INTERVAL_MS between scans), else null. */
export function startDropFolderIfEnabled(handle: DatabaseHandle): DropFolderWatcher | null {
  const config = readDropFolderConfig();
  return config ? startDropFolder(handle, config) : null;
}
