/**
 * PGlite runs one transaction at a time, and the dry run is one transaction over the whole file:
 * while it runs, every other request waits. For a large file it waits until the person has
 * stopped fixing for a moment, so that a run of cell edits does not hold the app once per edit.
 * PostgreSQL runs it beside everything else (and it stops as soon as a newer fix comes): no wait.
 */
export const PGLITE_QUIET_ROWS = 20_000;
export const QUIET_SECONDS = 10;

/** How long the dry run should wait before it starts (0: now). */
export function dryRunWaitSeconds(
  driver: 'pglite' | 'postgres', validRows: number, secondsSinceLastFix: number | null,
): number {
  if (driver !== 'pglite' || validRows < PGLITE_QUIET_ROWS || secondsSinceLastFix === null) return 0;
  return Math.max(0, Math.ceil(QUIET_SECONDS - secondsSinceLastFix));
}
