'use client';

import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldRow } from '@/lib/import/wizard/schemas';
import { fieldLabel } from './field-label';

interface Props {
  headers: readonly string[];
  value: readonly FieldRow[];
  onChange(next: FieldRow[]): void;
  /** An i18n key. */
  error?: string;
}

/** How much of a header name a person is shown (a name may be close to 1 MiB long). */
const SHOWN_HEADER_CHARS = 80;
const shortened = (header: string) =>
  header.length > SHOWN_HEADER_CHARS ? `${header.slice(0, SHOWN_HEADER_CHARS)}…` : header;

/**
 * The value of each column's option: its name, or for a long name a short stand-in (each of the
 * ~45 lists repeats every option, and a hostile header row holds names near the 1 MiB line cap).
 */
function optionValues(headers: readonly string[]) {
  const names = new Set(headers);
  const valueOf = new Map<string, string>();
  headers.forEach((header, i) => {
    let value = header;
    if (header.length > SHOWN_HEADER_CHARS) {
      value = `…${i}`;
      while (names.has(value)) value += '…';
    }
    valueOf.set(header, value);
  });
  return { valueOf, headerOf: new Map([...valueOf].map(([header, value]) => [value, header])) };
}

/**
 * "Import fields": one row per target field, whether it is imported, and the CSV column it is
 * read from ("Not in file" when none). A column feeds one field: choosing it for a field takes
 * it from the field that had it.
 */
export function FieldMappingTable({ headers, value, onChange, error }: Props) {
  const { t } = useTranslation();
  const baseId = useId();
  const titleId = `${baseId}-title`;
  const used = new Set(value.map((row) => row.column).filter(Boolean));
  const ignored = headers.filter((header) => !used.has(header));
  const { valueOf, headerOf } = optionValues(headers);
  const options = headers.map((header, i) => <option key={i} value={valueOf.get(header)}>{shortened(header)}</option>);

  const update = (index: number, change: Partial<FieldRow>) => {
    onChange(value.map((row, i) => {
      if (i === index) return { ...row, ...change };
      return change.column && row.column === change.column ? { ...row, column: '' } : row;
    }));
  };

  return (
    <section className="wizard-section">
      <h2 id={titleId}>{t('wizardSettings.fieldsTable.title')}</h2>
      <p className="muted field-hint">{t('wizardSettings.fieldsTable.hint')}</p>
      {error && <p id={`${baseId}-error`} className="field-error">{t(error)}</p>}
      <div className="table-scroll">
        <table className="table mapping-table" aria-labelledby={titleId}
          aria-describedby={error ? `${baseId}-error` : undefined}>
          <thead>
            <tr>
              <th scope="col">{t('wizardSettings.fieldsTable.field')}</th>
              <th scope="col">{t('wizardSettings.fieldsTable.include')}</th>
              <th scope="col">{t('wizardSettings.fieldsTable.column')}</th>
            </tr>
          </thead>
          <tbody>
            {value.map((row, index) => {
              const name = fieldLabel(t, row.field);
              const id = `${baseId}-${index}`;
              return (
                <tr key={row.field} className={row.column ? undefined : 'muted-row'}>
                  <th scope="row"><label htmlFor={`${id}-column`}>{name}</label></th>
                  <td>
                    <input type="checkbox" id={`${id}-include`} checked={row.include}
                      onChange={(event) => update(index, { include: event.target.checked })} />
                    <label htmlFor={`${id}-include`} className="visually-hidden">
                      {t('wizardSettings.fieldsTable.includeField', { field: name })}
                    </label>
                  </td>
                  <td>
                    <select id={`${id}-column`} value={valueOf.get(row.column) ?? ''}
                      onChange={(event) => update(index, { column: headerOf.get(event.target.value) ?? '' })}>
                      <option value="">{t('wizardSettings.fieldsTable.notInFile')}</option>
                      {options}
                    </select>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {ignored.length > 0 && (
        <p className="muted">{t('wizardSettings.fieldsTable.ignored', { columns: ignored.map(shortened).join(', ') })}</p>
      )}
    </section>
  );
}
