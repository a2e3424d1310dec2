import type { AppDatabase } from '../../../db/client';
import { countChangedRows, selectWorkbenchCells, type WorkbenchFilter } from '../../../db/queries/workbench';
import { DomainError } from '../../actions/result';
import type { FixAction, FixFilter } from './schemas';
import { transformCell } from './transforms';

const CELLS_PAGE = 5000;

/** The filter with its default state ('invalid': the rows that still fail). */
export function workbenchFilter(filter: FixFilter | undefined): WorkbenchFilter {
  return { code: filter?.code, column: filter?.column, state: filter?.state ?? 'invalid' };
}

/** The index of a column of the file; 400 for a header the file does not have. */
export function columnIndex(headers: readonly string[], column: string, field = 'column'): number {
  const index = headers.indexOf(column);
  if (index < 0) throw new DomainError('jobs.fixes.errors.unknownColumn', 400, field, { column: column.slice(0, 100) });
  return index;
}

/**
 * How many rows a bulk fix will change: rows of the filter that can be fixed (not cut for
 * storage) where the action makes a difference. Set a value, find and replace, exclude and
 * include are counted by the database; trim and change of case, whose rules differ between
 * JavaScript and PostgreSQL's collations, by the very function the step applies, reading one
 * cell per row in pages.
 */
export async function countRowsChangedBy(
  db: AppDatabase, jobId: string, headers: readonly string[], filter: FixFilter | undefined, action: FixAction,
): Promise<number> {
  const where = workbenchFilter(filter);
  switch (action.kind) {
    case 'exclude': return countChangedRows(db, jobId, where, { kind: 'excluded', value: true });
    case 'include': return countChangedRows(db, jobId, where, { kind: 'excluded', value: false });
    case 'setValue':
      return countChangedRows(db, jobId, where, { kind: 'differs', index: columnIndex(headers, action.column, 'action.column'), value: action.value });
    case 'replace':
      if (action.find === action.replace) return 0;
      return countChangedRows(db, jobId, where, { kind: 'contains', index: columnIndex(headers, action.column, 'action.column'), find: action.find });
    default: {
      const index = columnIndex(headers, action.column, 'action.column');
      let count = 0;
      let after = 0;
      for (;;) {
        const cells = await selectWorkbenchCells(db, jobId, where, index, after, CELLS_PAGE);
        for (const { cell } of cells) if (transformCell(action, cell) !== cell) count += 1;
        if (cells.length < CELLS_PAGE) return count;
        after = cells[cells.length - 1].line;
      }
    }
  }
}
