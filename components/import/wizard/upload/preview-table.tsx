'use client';

import { useTranslation } from 'react-i18next';
import type { PreviewState } from './upload-state';

/** The header and first rows of the file, as read: what the user checks before going on. */
export function PreviewTable({ preview }: { preview: PreviewState }) {
  const { t, i18n } = useTranslation();
  const number = new Intl.NumberFormat(i18n.language);
  return (
    <section aria-labelledby="upload-preview-title" className="upload-preview">
      <h2 id="upload-preview-title">{t('wizardUpload.preview.title')}</h2>
      {preview.kind === 'reading' && <p role="status">{t('wizardUpload.preview.reading')}</p>}
      {preview.kind === 'unavailable' && <p className="muted">{t('wizardUpload.preview.unavailable')}</p>}
      {preview.kind === 'ready' && (
        <>
          <p className="muted" id="upload-preview-hint">{t('wizardUpload.preview.hint', { count: preview.rows.length })}</p>
          {/* Focusable so that a keyboard can scroll a table wider than the page. */}
          <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="upload-preview-title">
            <table className="table" aria-labelledby="upload-preview-title" aria-describedby="upload-preview-hint">
              <thead>
                <tr>
                  <th scope="col">{t('wizardUpload.preview.row')}</th>
                  {preview.headers.map((header, index) => <th scope="col" key={index}>{header}</th>)}
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((row, rowIndex) => (
                  <tr key={rowIndex}>
                    <th scope="row" className="numeric">{number.format(rowIndex + 1)}</th>
                    {preview.headers.map((_, index) => <td key={index}>{row[index] ?? ''}</td>)}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
