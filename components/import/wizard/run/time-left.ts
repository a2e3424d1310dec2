/** A reading of an import's progress: rows done at a time (ms). */
export interface ProgressSample {
  at: number;
  done: number;
}

/** Below this much observation the rate says little: show "estimating" rather than a wild guess. */
const MIN_ELAPSED_MS = 1500;

/**
 * Seconds left at the average rate since the first sample of the step; null while there is no
 * rate to go by yet (nothing done since, or too short a time).
 */
export function estimateSecondsLeft(first: ProgressSample, latest: ProgressSample, total: number): number | null {
  const elapsed = latest.at - first.at;
  const progressed = latest.done - first.done;
  if (total <= 0 || elapsed < MIN_ELAPSED_MS || progressed <= 0) return null;
  const rowsPerMs = progressed / elapsed;
  return Math.max(0, Math.ceil((total - latest.done) / rowsPerMs / 1000));
}

/** "45 seconds", "3 minutes", "2 hours" in the reader's language (rounded up: better early than late). */
export function formatDuration(seconds: number, locale: string): string {
  const [value, unit] = seconds < 60 ? [Math.max(1, seconds), 'second']
    : seconds < 90 * 60 ? [Math.ceil(seconds / 60), 'minute']
      : [Math.ceil(seconds / 3600), 'hour'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(value);
}
