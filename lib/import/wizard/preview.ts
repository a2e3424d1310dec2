import { readCell } from '../rows/cell-rules';
import { ORGANIZATION_FIELD_KEYS, type OrganizationFieldKey } from '../rows/fields';
import { rowErrorMessageKey } from '../rows/error-messages';
import { compileMapping, type ColumnPlan } from '../rows/mapping';
import type { ImportSettings, NormalizedRow, RowError } from '../rows/types';
import { createRowValidator } from '../rows/validate-row';

// The wizard's Preview table: the first rows of the file AS THEY WILL BE IMPORTED, through the
// same validator as the import (mapping, trimming, phones in E.164, booleans...), with the cells
// that would fail the row marked.

/** A cell's or row's error, with the i18n key of its message (`importErrors.<code>`). */
export type PreviewError = Pick<RowError, 'code' | 'column' | 'params'> & { messageKey: string };

export interface PreviewCell {
  /** The value as stored (normalised); for a cell in error, the text as read. */
  value: string | boolean | null;
  errors: PreviewError[];
}

export interface PreviewRow {
  line: number;
  valid: boolean;
  cells: PreviewCell[];
  /** Errors of the row that belong to no shown column (e.g. a missing External ID column). */
  rowErrors: PreviewError[];
}

export interface WizardPreview {
  /** The imported targets, in file order, with the column each is read from. */
  columns: { field: string; header: string }[];
  rows: PreviewRow[];
}

const ORGANIZATION_KEYS = new Set<string>(ORGANIZATION_FIELD_KEYS);

function valueOf(row: NormalizedRow, plan: ColumnPlan): string | boolean | null {
  if (!plan.field) return row.customFields[plan.customName!] ?? null;
  switch (plan.field.key) {
    case 'externalId': return row.externalId;
    case 'organizationExternalId': return row.organization?.externalId ?? null;
    case 'organizationName': return row.organization?.name ?? null;
    case 'deleted': return row.deletedAt ? row.deletedAt.toISOString() : null;
    default:
      if (ORGANIZATION_KEYS.has(plan.field.key)) return row.organization?.details[plan.field.key as OrganizationFieldKey] ?? null;
      return row.values[plan.field.key as keyof NormalizedRow['values']] ?? null;
  }
}

/** The most of a cell the preview sends to the browser (a cell may be near 1 MiB, ten rows are shown). */
export const PREVIEW_CELL_CHARS = 500;
const clip = (value: string | boolean | null) =>
  typeof value === 'string' && value.length > PREVIEW_CELL_CHARS ? `${value.slice(0, PREVIEW_CELL_CHARS)}…` : value;

const toPreviewError = ({ code, column, params }: RowError): PreviewError => ({
  code, column, messageKey: rowErrorMessageKey(code), ...(params ? { params } : {}),
});

/** `records` are the file's first data rows; the first is line 2 (the header is line 1). */
export function buildPreview(settings: ImportSettings, headers: readonly string[], records: readonly string[][]): WizardPreview {
  const validate = createRowValidator(settings, headers);
  const mapping = compileMapping(headers, settings.columnMapping, settings.importFields);
  // Delete listed contacts reads nothing but the External ID.
  const columns = mapping.columns.filter((plan) => settings.loadType !== 'deleteListed' || plan.field?.key === 'externalId');
  const shownHeaders = new Set(columns.map((plan) => plan.header));

  const rows = records.map((cells, index): PreviewRow => {
    const line = index + 2;
    const result = validate(cells, line);
    if (result.ok) {
      return { line, valid: true, cells: columns.map((plan) => ({ value: clip(valueOf(result.row, plan)), errors: [] })), rowErrors: [] };
    }
    const errors = result.errors.map(toPreviewError);
    const failing = new Set(errors.map((error) => error.column).filter((column) => column !== null && shownHeaders.has(column)));
    // The other cells of the row, normalised: validate it again without the failing cells.
    const blanked = cells.map((cell, i) => (failing.has(headers[i]) ? '' : cell));
    const retry = validate(blanked, line);
    return {
      line,
      valid: false,
      cells: columns.map((plan) => ({
        value: clip(retry.ok && !failing.has(plan.header) ? valueOf(retry.row, plan) : readCell(cells[plan.index])),
        errors: errors.filter((error) => error.column === plan.header),
      })),
      rowErrors: errors.filter((error) => error.column === null || !shownHeaders.has(error.column)),
    };
  });
  return { columns: columns.map((plan) => ({ field: plan.target, header: plan.header })), rows };
}
