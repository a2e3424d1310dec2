/**
 * Whether a file has stopped changing: the same size and modification time as on this process's
 * previous scan. A file still being copied in grows between scans and waits; a file that arrives
 * by rename is complete at once and is taken on the scan after it was first seen.
 */
export class FileStability {
  private readonly seen = new Map<string, string>();
  private current = new Set<string>();

  /** Records what the file looks like now; true when it looked the same on the previous scan. */
  isStable(filePath: string, size: number, mtimeMs: number): boolean {
    const look = `${size}:${mtimeMs}`;
    const before = this.seen.get(filePath);
    this.seen.set(filePath, look);
    this.current.add(filePath);
    return before === look;
  }

  /** Forgets the files not looked at since the last call (taken, deleted, or their folder renamed). */
  endScan(): void {
    for (const filePath of this.seen.keys()) if (!this.current.has(filePath)) this.seen.delete(filePath);
    this.current = new Set();
  }
}
