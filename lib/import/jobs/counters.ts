import type { ImportOutcome } from './steps/step-contract';

/** What the import step reports, plus the two totals of seed 004. */
export interface JobCounters extends ImportOutcome {
  imported: number;
  notImported: number;
}

/**
 * The job's counters from what the import step reports: rows imported are those inserted,
 * updated, unchanged or deleted; skipped are valid rows a create-only or update-only profile left
 * alone (neither imported nor not imported); not imported are the rows left out before the
 * import (`leftOutRows`: invalid rows plus rows excluded in the validation workbench) plus those
 * that failed at import (the `failed` counter shows the same number).
 */
export function countersFromOutcome(leftOutRows: number, outcome: ImportOutcome): JobCounters {
  const imported = outcome.inserted + outcome.updated + outcome.unchanged + outcome.deleted;
  const notImported = leftOutRows + outcome.failed;
  return {
    imported, notImported, inserted: outcome.inserted, updated: outcome.updated, merged: outcome.merged,
    deleted: outcome.deleted, unchanged: outcome.unchanged, skipped: outcome.skipped, failed: notImported,
  };
}

/** SPEC section 7's invariants; the violated one described for admins, or null when they hold. */
export function findCounterViolation(rowsInFile: number, c: JobCounters): string | null {
  const negative = Object.entries(c).find(([, value]) => !Number.isInteger(value) || value < 0);
  if (negative) return `counter ${negative[0]} is ${negative[1]}`;
  const sum = c.inserted + c.updated + c.unchanged + c.deleted;
  if (sum !== c.imported) {
    return `inserted ${c.inserted} + updated ${c.updated} + unchanged ${c.unchanged} + deleted ${c.deleted} = ${sum}, `
      + `but imported is ${c.imported}`;
  }
  const total = c.imported + c.skipped + c.notImported;
  if (total !== rowsInFile) {
    return `imported ${c.imported} + skipped ${c.skipped} + not imported ${c.notImported} = ${total}, `
      + `not the ${rowsInFile} rows in the file`;
  }
  return null;
}
