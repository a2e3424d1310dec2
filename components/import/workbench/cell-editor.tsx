'use client';

import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportSettings } from '@/lib/import/rows/types';
import type { Message } from '@/lib/actions/result';
import { checkRowCells } from '@/lib/import/fixes/cell-check';
import { rowErrorText } from './row-messages';
import type { WorkbenchRow } from './types';

interface CellEditorProps {
  settings: ImportSettings;
  headers: string[];
  row: WorkbenchRow;
  /** Index of the cell in the row (0 = the file's first column). */
  column: number;
  saving: boolean;
  /** The server's refusal of the last save, shown until the next one. */
  error: Message | null;
  onSave: (value: string) => void;
  onCancel: () => void;
}

/**
 * One cell being edited: as the person types, the row is checked with the server's own rules
 * (checkRowCells), and the editor says what is wrong or how the value will be stored (a phone
 * in E.164). Enter saves (the server checks again and answers), Escape puts the value back.
 */
export function CellEditor({ settings, headers, row, column, saving, error, onSave, onCancel }: CellEditorProps) {
  const { t } = useTranslation();
  const id = useId();
  const header = headers[column];
  const [value, setValue] = useState(row.cells[column] ?? '');
  const check = useMemo(() => {
    const cells = headers.map((_, i) => (i === column ? value : row.cells[i] ?? ''));
    return checkRowCells(settings, headers, cells, row.line);
  }, [settings, headers, row, column, value]);
  const errors = check.errors.filter((e) => e.column === header);
  const stored = check.stored[header];
  const hint = errors.length
    ? errors.map((e) => rowErrorText(e, t)).join(' ')
    : stored !== undefined && stored !== value
      ? t('workbench.editor.storedAs', { value: stored })
      : t('workbench.editor.valid');

  return (
    <div className="cell-editor">
      <input
        type="text"
        className="cell-input"
        defaultValue={row.cells[column] ?? ''}
        aria-label={t('workbench.editor.label', { column: header, line: row.line })}
        aria-invalid={errors.length > 0 || undefined}
        aria-describedby={`${id}-hint ${id}-keys${error ? ` ${id}-error` : ''}`}
        readOnly={saving}
        // A cell opened for editing takes the focus, its text selected to be typed over.
        autoFocus
        onFocus={(event) => event.currentTarget.select()}
        onChange={(event) => setValue(event.currentTarget.value)}
        onBlur={() => { if (!saving) onCancel(); }}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            if (!saving) onSave(value);
          } else if (event.key === 'Escape') {
            event.preventDefault();
            onCancel();
          }
          event.stopPropagation();
        }}
      />
      <span id={`${id}-hint`} className={errors.length ? 'cell-error' : 'muted'} aria-live="polite">{hint}</span>
      <span id={`${id}-keys`} className="visually-hidden">{t('workbench.editor.keys')}</span>
      {error && <span id={`${id}-error`} role="alert" className="cell-error">{t(error.key, error.params)}</span>}
    </div>
  );
}
