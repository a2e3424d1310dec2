'use client';

import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useHydrated } from '@/components/ui/use-hydrated';
import type { ImportSettings } from '@/lib/import/rows/types';
import type { Message } from '@/lib/actions/result';
import { fixJobRowAction } from '@/app/(app)/imports/jobs/[jobId]/workbench-actions';
import { CellEditor } from './cell-editor';
import { rowErrorText } from './row-messages';
import type { WorkbenchCounts, WorkbenchRow } from './types';

interface GridProps {
  jobId: string;
  headers: string[];
  rows: WorkbenchRow[];
  /** Rows matching the filter, all pages: aria-rowcount (plus the header row). */
  total: number;
  /** Rows on the pages before this one: the first row's aria-rowindex is offset + 2. */
  offset: number;
  editable: boolean;
  settings: ImportSettings;
  labelledBy: string;
  describedBy: string;
  onSaved: (row: WorkbenchRow, counts: WorkbenchCounts) => void;
  announce: (text: string) => void;
}

type Position = { row: number; col: number };

/**
 * The rows to fix as an ARIA grid: one tab stop (roving tabindex), arrow keys between cells,
 * Home / End along a row, Enter (or F2, or a double click) to edit a cell, Enter to save it,
 * Escape to put it back. Columns: line (kept in view while scrolling), the file's columns, the
 * row's state with the errors tied to no column, and Exclude / Include.
 */
export function WorkbenchGrid({ jobId, headers, rows, total, offset, editable, settings, labelledBy, describedBy, onSaved, announce }: GridProps) {
  const { t } = useTranslation();
  const gridRef = useRef<HTMLTableElement>(null);
  // Until the scripts run, Enter and the buttons would do nothing: the grid says it is busy.
  const hydrated = useHydrated();
  const [active, setActive] = useState<Position>({ row: 0, col: 1 });
  const [editing, setEditing] = useState<Position | null>(null);
  const [pending, setPending] = useState<number | null>(null);
  const [rowError, setRowError] = useState<{ line: number; message: Message } | null>(null);
  const focusWanted = useRef(false);
  const stateCol = headers.length + 1;
  const actionCol = headers.length + 2;
  const lastCol = actionCol;
  const current = { row: Math.min(active.row, Math.max(rows.length - 1, 0)), col: Math.min(active.col, lastCol) };

  useEffect(() => {
    if (!focusWanted.current || editing) return;
    const target = gridRef.current?.querySelector<HTMLElement>(`[data-pos="${current.row}:${current.col}"]`);
    target?.focus();
    // A button disabled while its row is saved takes no focus: try again once it is enabled.
    if (!target || document.activeElement === target) focusWanted.current = false;
  });

  const moveTo = (row: number, col: number) => {
    focusWanted.current = true;
    setActive({ row: Math.max(0, Math.min(row, rows.length - 1)), col: Math.max(0, Math.min(col, lastCol)) });
  };

  const canEdit = (row: WorkbenchRow, col: number) => hydrated && editable && !row.truncated && col >= 1 && col <= headers.length;

  const onKeyDown = (event: KeyboardEvent<HTMLTableElement>) => {
    if (editing || rows.length === 0) return;
    const { row, col } = current;
    const keys: Record<string, () => void> = {
      ArrowUp: () => moveTo(row - 1, col),
      ArrowDown: () => moveTo(row + 1, col),
      ArrowLeft: () => moveTo(row, col - 1),
      ArrowRight: () => moveTo(row, col + 1),
      Home: () => moveTo(event.ctrlKey ? 0 : row, 0),
      End: () => moveTo(event.ctrlKey ? rows.length - 1 : row, lastCol),
    };
    const move = keys[event.key];
    if (move) {
      event.preventDefault();
      move();
      return;
    }
    if ((event.key === 'Enter' || event.key === 'F2') && canEdit(rows[row], col)) {
      event.preventDefault();
      setRowError(null);
      setEditing({ row, col });
    }
  };

  const save = async (target: WorkbenchRow, input: { values?: Record<string, string>; excluded?: boolean }) => {
    setPending(target.line);
    setRowError(null);
    const result = await fixJobRowAction({ jobId, line: target.line, ...input });
    setPending(null);
    if (!result.ok) {
      setRowError({ line: target.line, message: result.error });
      announce(t(result.error.key, result.error.params));
      return false;
    }
    onSaved(result.data.row, result.data.counts);
    const { row } = result.data;
    const errors = row.errors.length;
    announce(row.state === 'excluded' ? t('workbench.grid.savedExcluded', { line: row.line })
      : errors === 0 ? t('workbench.grid.savedValid', { line: row.line })
      : t('workbench.grid.savedInvalid', { line: row.line, count: errors }));
    return true;
  };

  const stopEditing = () => {
    focusWanted.current = true;
    setEditing(null);
  };

  const stateText = (row: WorkbenchRow) => t(`workbench.states.${row.state}`);

  return (
    <div className="table-frame workbench-frame">
      <table ref={gridRef} role="grid" className="table workbench-grid" aria-labelledby={labelledBy} aria-describedby={describedBy}
        aria-rowcount={total + 1} aria-colcount={lastCol + 1} onKeyDown={onKeyDown} aria-busy={!hydrated || undefined}>
        <thead>
          <tr aria-rowindex={1}>
            <th scope="col" role="columnheader" className="numeric sticky-col">{t('workbench.grid.line')}</th>
            {headers.map((header) => <th key={header} scope="col" role="columnheader">{header}</th>)}
            <th scope="col" role="columnheader">{t('workbench.grid.state')}</th>
            <th scope="col" role="columnheader">{t('workbench.grid.action')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, r) => {
            const tab = (c: number) => (current.row === r && current.col === c ? 0 : -1);
            const rowLevel = row.errors.filter((e) => e.column === null || !headers.includes(e.column));
            const busy = pending === row.line;
            return (
              <tr key={row.line} aria-rowindex={offset + r + 2} className={`workbench-row state-${row.state}`} aria-busy={busy || undefined}>
                <th scope="row" role="rowheader" className="numeric sticky-col" tabIndex={tab(0)} data-pos={`${r}:0`}
                  onFocus={() => setActive({ row: r, col: 0 })}>
                  {row.line}
                </th>
                {headers.map((header, h) => {
                  const c = h + 1;
                  const value = row.cells[h] ?? '';
                  const errors = row.errors.filter((e) => e.column === header);
                  const errorId = `wb-error-${row.line}-${c}`;
                  const before = row.original && row.original[h] !== value ? row.original[h] ?? '' : null;
                  if (editing && editing.row === r && editing.col === c) {
                    return (
                      <td key={header} role="gridcell" className="workbench-cell editing">
                        <CellEditor settings={settings} headers={headers} row={row} column={h} saving={busy}
                          error={rowError?.line === row.line ? rowError.message : null}
                          onCancel={() => { setRowError(null); stopEditing(); }}
                          onSave={async (next) => {
                            if (next === value) {
                              stopEditing();
                              return;
                            }
                            if (await save(row, { values: { [header]: next } })) stopEditing();
                          }} />
                      </td>
                    );
                  }
                  return (
                    <td key={header} role="gridcell" className="workbench-cell" tabIndex={tab(c)} data-pos={`${r}:${c}`}
                      aria-invalid={errors.length > 0 || undefined} aria-describedby={errors.length ? errorId : undefined}
                      aria-readonly={!canEdit(row, c) || undefined}
                      onFocus={() => setActive({ row: r, col: c })}
                      onDoubleClick={() => canEdit(row, c) && setEditing({ row: r, col: c })}>
                      <span className="break-all">{value}</span>
                      {before !== null && (
                        <span className="cell-before muted">{t('workbench.grid.before', { value: before })}</span>
                      )}
                      {errors.length > 0 && (
                        <span id={errorId} className="cell-error">{errors.map((e) => rowErrorText(e, t)).join(' ')}</span>
                      )}
                    </td>
                  );
                })}
                <td role="gridcell" tabIndex={tab(stateCol)} data-pos={`${r}:${stateCol}`} onFocus={() => setActive({ row: r, col: stateCol })}>
                  <span className={`badge state-${row.state}`}>{stateText(row)}</span>
                  {rowLevel.map((e, i) => <span key={i} className="cell-error">{rowErrorText(e, t)}</span>)}
                  {row.truncated && <span className="cell-error">{t('jobs.fixes.errors.rowTooWide')}</span>}
                  {rowError?.line === row.line && !editing && <span role="alert" className="cell-error">{t(rowError.message.key, rowError.message.params)}</span>}
                </td>
                <td role="gridcell">
                  <button type="button" className="button small" tabIndex={tab(actionCol)} data-pos={`${r}:${actionCol}`}
                    onFocus={() => setActive({ row: r, col: actionCol })}
                    disabled={!hydrated || !editable || busy}
                    aria-label={row.state === 'excluded'
                      ? t('workbench.grid.includeLine', { line: row.line })
                      : t('workbench.grid.excludeLine', { line: row.line })}
                    onClick={() => { focusWanted.current = true; void save(row, { excluded: row.state !== 'excluded' }); }}>
                    {row.state === 'excluded' ? t('workbench.grid.include') : t('workbench.grid.exclude')}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
