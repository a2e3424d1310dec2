'use client';

import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { PreviewCell, PreviewError, WizardPreview } from '@/lib/import/wizard/preview';
import { fieldLabel } from './field-label';

interface Props {
  preview: WizardPreview;
  pending: boolean;
  failed: boolean;
}

/** "Preview": the first rows as they will be imported; cells that fail their row are marked. */
export function PreviewTable({ preview, pending, failed }: Props) {
  const { t, i18n } = useTranslation();
  const titleId = `${useId()}-preview`;
  const number = new Intl.NumberFormat(i18n.language);
  const dateTime = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  const message = (error: PreviewError) => t(error.messageKey, { column: error.column ?? '', code: error.code, ...error.params });

  const display = (field: string, cell: PreviewCell): string => {
    if (cell.value === null) return '';
    if (typeof cell.value === 'boolean') return t(cell.value ? 'common.yes' : 'common.no');
    if (field === 'deleted' && cell.errors.length === 0) return dateTime.format(new Date(cell.value));
    return cell.value;
  };

  return (
    <section className="wizard-section">
      <h2 id={titleId}>{t('wizardSettings.preview.title')}</h2>
      <p className="muted field-hint">{t('wizardSettings.preview.hint', { count: preview.rows.length })}</p>
      {failed && <p role="alert" className="form-error">{t('wizardSettings.preview.failed')}</p>}
      {preview.columns.length === 0 ? <p>{t('wizardSettings.preview.noColumns')}</p> : (
        // Focusable: a keyboard user must be able to scroll a wide table.
        <div className="table-scroll" role="region" aria-labelledby={titleId} tabIndex={0}>
          <table className="table preview-table" aria-labelledby={titleId} aria-busy={pending}>
            <thead>
              <tr>
                <th scope="col" className="numeric">{t('wizardSettings.preview.line')}</th>
                {preview.columns.map((column) => (
                  <th scope="col" key={column.field}>
                    {fieldLabel(t, column.field)}{' '}
                    <span className="preview-source">({column.header})</span>
                  </th>
                ))}
                <th scope="col">{t('wizardSettings.preview.status')}</th>
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((row) => (
                <tr key={row.line} className={row.valid ? undefined : 'row-invalid'}>
                  <th scope="row" className="numeric">{number.format(row.line)}</th>
                  {row.cells.map((cell, index) => {
                    const field = preview.columns[index].field;
                    if (cell.errors.length === 0) return <td key={field}>{display(field, cell)}</td>;
                    const messages = cell.errors.map(message).join(' ');
                    return (
                      <td key={field} className="cell-invalid" title={messages} data-invalid="true">
                        <span aria-hidden="true" className="cell-invalid-mark">⚠ </span>
                        {display(field, cell)}
                        <span className="visually-hidden"> ({t('wizardSettings.preview.invalidCell', { message: messages })})</span>
                      </td>
                    );
                  })}
                  <td>
                    {row.valid ? t('wizardSettings.preview.valid') : (
                      <>
                        <strong>{t('wizardSettings.preview.invalid')}</strong>
                        {row.rowErrors.map((error, i) => <span key={i} className="row-error">{message(error)}</span>)}
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
