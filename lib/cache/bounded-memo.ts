/**
 * A per-process memo of reads, bounded: at most `maxEntries` answers, the least recently used
 * dropped first. The read's promise is kept, so callers asking at once share one read; a read
 * that fails is not kept. For answers that a key fully determines (a job's version, a completed
 * job): nothing here ever expires them otherwise.
 */
export function boundedMemo(maxEntries: number) {
  const entries = new Map<string, Promise<unknown>>();
  return function memo<T>(key: string, read: () => Promise<T>): Promise<T> {
    const found = entries.get(key);
    if (found) {
      entries.delete(key);
      entries.set(key, found);
      return found as Promise<T>;
    }
    const pending = read();
    entries.set(key, pending);
    pending.catch(() => entries.delete(key));
    if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    return pending;
  };
}
