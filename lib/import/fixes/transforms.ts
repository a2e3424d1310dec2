import type { FixAction } from './schemas';

// What a bulk fix does to one row: pure functions, the same in the step, the preview and tests.

/** The state words of a row-level fix record (column null): before and after an exclusion. */
export const EXCLUDED = 'excluded';
export const INCLUDED = 'included';

/**
 * Title case as PostgreSQL's initcap: the first letter or digit of each run of letters and digits
 * upper case, the rest lower case ("o'neil-smith" -> "O'Neil-Smith").
 */
export function toTitleCase(value: string): string {
  return value.replace(/[\p{L}\p{N}]+/gu, (word) => {
    const first = String.fromCodePoint(word.codePointAt(0)!);
    return first.toUpperCase() + word.slice(first.length).toLowerCase();
  });
}

/** A cell's new value under a cell action (setValue, replace, trim, changeCase). */
export function transformCell(action: FixAction, cell: string): string {
  switch (action.kind) {
    case 'setValue': return action.value;
    // Literal text, every occurrence: no pattern syntax for a person to get wrong.
    case 'replace': return cell.split(action.find).join(action.replace);
    case 'trim': return cell.trim();
    case 'changeCase':
      if (action.to === 'upper') return cell.toUpperCase();
      if (action.to === 'lower') return cell.toLowerCase();
      return toTitleCase(cell);
    default: return cell;
  }
}

export interface RowChange {
  cells: string[];
  excluded: boolean;
  /** What changed: one per cell (column header), or the row's exclusion (column null, state words). */
  records: { column: string | null; before: string; after: string }[];
}

/**
 * A row under a bulk action: its new cells and exclusion, and what changed; null when the action
 * changes nothing there (the row is then not counted as changed). A cell past the row's end reads
 * as empty, and the row is padded to reach a cell set to a value.
 */
export function applyAction(
  action: FixAction, headers: readonly string[], row: { cells: readonly string[]; excluded: boolean },
): RowChange | null {
  if (action.kind === 'exclude' || action.kind === 'include') {
    const excluded = action.kind === 'exclude';
    if (row.excluded === excluded) return null;
    return {
      cells: [...row.cells], excluded,
      records: [{ column: null, before: row.excluded ? EXCLUDED : INCLUDED, after: excluded ? EXCLUDED : INCLUDED }],
    };
  }
  const index = headers.indexOf(action.column);
  if (index < 0) return null;
  return setCells(row, [[index, transformCell(action, row.cells[index] ?? '')]], headers);
}

/** The row with these cells set (index, value); null when none of them changes. */
export function setCells(
  row: { cells: readonly string[]; excluded: boolean }, values: readonly (readonly [number, string])[], headers: readonly string[],
): RowChange | null {
  const cells = [...row.cells];
  const records: RowChange['records'] = [];
  for (const [index, value] of values) {
    const before = cells[index] ?? '';
    if (before === value) continue;
    while (cells.length <= index) cells.push('');
    cells[index] = value;
    records.push({ column: headers[index], before, after: value });
  }
  return records.length ? { cells, excluded: row.excluded, records } : null;
}
