'use client';

import { useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';

interface FileChooserProps {
  onChoose(file: File): void;
  maxMb: number;
  /** Ids of elements that describe the input (e.g. the error shown). */
  describedBy?: string;
  invalid: boolean;
}

/** A drop zone around the file input (CSV or Excel workbook): dropping a file or choosing one does the same. */
export function FileChooser({ onChoose, maxMb, describedBy, invalid }: FileChooserProps) {
  const { t } = useTranslation();
  const [dragging, setDragging] = useState(false);

  const onDragOver = (event: DragEvent) => {
    if (![...event.dataTransfer.types].includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setDragging(true);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const [file] = event.dataTransfer.files;
    if (file) onChoose(file);
  };

  return (
    <div className={dragging ? 'drop-zone dragging' : 'drop-zone'}
      onDragOver={onDragOver} onDragLeave={() => setDragging(false)} onDrop={onDrop}>
      <p className="drop-zone-text" aria-hidden="true">{t('wizardUpload.dropHere')}</p>
      <div className="field">
        <label htmlFor="csv-file">{t('wizardUpload.fileLabel')}</label>
        <input id="csv-file" name="file" type="file" accept=".csv,text/csv,.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          aria-describedby={['csv-file-hint', describedBy].filter(Boolean).join(' ')} aria-invalid={invalid || undefined}
          // Emptied on opening, so that choosing the same file again (after fixing it) is a change.
          onClick={(event) => { event.currentTarget.value = ''; }}
          onChange={(event) => {
            const [file] = event.currentTarget.files ?? [];
            if (file) onChoose(file);
          }} />
        <p id="csv-file-hint" className="field-hint muted">{t('wizardUpload.fileHint', { maxMb })}</p>
      </div>
    </div>
  );
}
