import { ORGANIZATION_FIELD_KEYS, type ContactFieldKey, type OrganizationFieldKey } from './fields';
import type { ImportSettings, NormalizedRow, RowError, RowOrganization } from './types';
import { compileMapping, type ColumnPlan } from './mapping';
import { normalizePhone } from './phone';
import {
  exceedsLength, isHttpUrl, isValidEmail, normaliseCountryCode, parseBoolean, parseDeletedAt, readCell,
} from './cell-rules';

/** Stable codes of row errors (SPEC section 4); messages are `importErrors.<code>`. */
export const ROW_ERROR_CODES = [
  'wrongColumnCount', 'externalIdMissing', 'externalIdTooLong', 'invalidEmail', 'emailTooLong', 'invalidPhone',
  'organizationExternalIdMissing', 'invalidDeleted', 'invalidCallable', 'invalidBoolean', 'tooLong',
  'invalidCountryCode', 'invalidUrl', 'invalidCharacter',
] as const;
export type RowErrorCode = (typeof ROW_ERROR_CODES)[number];
export type RowValidation = { ok: true; row: NormalizedRow } | { ok: false; errors: RowError[] };
export type RowValidator = (cells: readonly string[], line: number) => RowValidation;

// What a column does with its cell; a number switched on, so no closure runs per cell.
const TEXT = 0, EMAIL = 1, PHONE = 2, BOOLEAN = 3, URL_ = 4, COUNTRY = 5, EXTERNAL_ID = 6, ORG_ID = 7,
  ORG_NAME = 8, DELETED = 9, CUSTOM = 10, ORG_TEXT = 11, ORG_PHONE = 12, ORG_URL = 13, ORG_COUNTRY = 14;
const OPS: Record<string, number> = { text: TEXT, email: EMAIL, phone: PHONE, boolean: BOOLEAN, url: URL_, country: COUNTRY };
const ORG_OPS: Record<string, number> = { text: ORG_TEXT, phone: ORG_PHONE, url: ORG_URL, country: ORG_COUNTRY };
const CONTROL_OPS: Record<string, number> = { externalId: EXTERNAL_ID, organizationExternalId: ORG_ID, organizationName: ORG_NAME, deleted: DELETED };
const ORG_KEYS = new Set<string>(ORGANIZATION_FIELD_KEYS);

interface Step { index: number; header: string; op: number; key: string; max: number }

function toStep(column: ColumnPlan): Step {
  const { field } = column;
  const op = !field ? CUSTOM : CONTROL_OPS[field.key] ?? (ORG_KEYS.has(field.key) ? ORG_OPS : OPS)[field.kind];
  return { index: column.index, header: column.header, op, key: field?.key ?? column.customName!, max: field?.maxLength ?? 0 };
}

// The offending text in a message is shortened: a person reads it, the report has the whole cell.
const shown = (value: string) => (value.length > 100 ? `${value.slice(0, 100)}…` : value);

/**
 * A cell holding NUL (U+0000), which PostgreSQL cannot store in `text` or `jsonb`, fails its row
 * with 'invalidCharacter' (once per row, at the first such column; its 1-based position in the
 * cell as params). Lone surrogates cannot occur: the upload refuses bytes that are not UTF-8.
 * One `indexOf` per read cell: cheap next to the rules themselves.
 */
const hasNul = (value: string) => value.indexOf('\0') !== -1;

function addError(errors: RowError[] | null, line: number, column: string | null, code: RowErrorCode,
  params?: Record<string, string | number>): RowError[] {
  const error: RowError = params ? { line, column, code, params } : { line, column, code };
  if (!errors) return [error];
  errors.push(error);
  return errors;
}

/** The row's 'invalidCharacter' error: reported once per row, at its first such column. */
function characterError(errors: RowError[] | null, line: number, value: string, header: string): RowError[] {
  if (errors) for (const error of errors) if (error.code === 'invalidCharacter') return errors;
  return addError(errors, line, header, 'invalidCharacter', { position: value.indexOf('\0') + 1 });
}

/**
 * Compiles the checks of a file once (mapping, column plan, regular expressions), then validates
 * and normalises each record. Rules and their codes: ROW_ERROR_CODES; every failing rule of a
 * row is reported, not only the first.
 *
 * External ID is required only when the profile matches by External ID or deletes listed
 * contacts: otherwise it is an optional key (a row without one matches by e-mail or phone, or
 * creates a contact with no external ID), as Genesys imports allow.
 *
 * Cells are trimmed; whitespace-only is empty (null). Missing trailing cells are empty; extra
 * cells are tolerated only when empty (trailing separators from spreadsheets). A cell our error
 * report neutralised ("'=...", "'+44...") is read without the quote, so a fixed report re-imports.
 * Country Code is read for phones even when the profile does not import it. The organization's
 * phone is read in the organization's own country code when the row gives one, else as a contact's.
 * Organization details, like its name, need the row's External Organization External ID.
 */
export function createRowValidator(settings: ImportSettings, headers: readonly string[]): RowValidator {
  const mapping = compileMapping(headers, settings.columnMapping, settings.importFields);
  const deleteOnly = settings.loadType === 'deleteListed';
  const externalIdHeader = mapping.byField.get('externalId')?.header ?? null;
  const steps = mapping.columns.map(toStep)
    .filter((s) => s.op !== COUNTRY && s.op !== ORG_COUNTRY && (!deleteOnly || s.op === EXTERNAL_ID));
  const countryPlan = mapping.mappedByField.get('countryCode');
  const readsPhones = steps.some((s) => s.op === PHONE || s.op === ORG_PHONE);
  const orgCountryPlan = deleteOnly ? undefined : mapping.byField.get('organizationCountryCode');
  const country = countryPlan && !deleteOnly && (readsPhones || mapping.byField.has('countryCode'))
    ? { index: countryPlan.index, header: countryPlan.header, imported: mapping.byField.has('countryCode') } : null;
  const orgIdHeader = mapping.byField.get('organizationExternalId')?.header ?? null;
  const defaultCountry = settings.defaultCountry || 'US';
  const expected = headers.length;

  return function validateRow(cells, line) {
    let errors: RowError[] | null = null;
    if (cells.length > expected) {
      for (let i = expected; i < cells.length; i++) {
        if (readCell(cells[i]) !== null) {
          errors = addError(errors, line, null, 'wrongColumnCount', { expected, actual: cells.length });
          break;
        }
      }
    }
    const values: Partial<Record<ContactFieldKey, string | boolean | null>> = {};
    const phoneDisplay: Partial<Record<ContactFieldKey, string>> = {};
    const customFields: Record<string, string | null> = {};
    let externalId: string | null = null;
    let orgId: string | null = null;
    let orgName: string | null = null;
    let orgNameHeader: string | null = null;
    let orgDetails: Partial<Record<OrganizationFieldKey, string | null>> | null = null;
    /** The first organization detail given, and its column: an organization without ID is named by it. */
    let orgDetailGiven: { value: string; header: string } | null = null;
    let orgCountry: string | null = null;
    let deletedAt: Date | null = null;
    let rowCountry: string | null = null;

    if (country) {
      const value = readCell(cells[country.index]);
      if (value !== null && hasNul(value)) {
        errors = characterError(errors, line, value, country.header);
      } else if (value !== null) {
        rowCountry = normaliseCountryCode(value);
        if (rowCountry === null && country.imported) {
          errors = addError(errors, line, country.header, 'invalidCountryCode', { value: shown(value) });
        }
      }
      if (country.imported) values.countryCode = rowCountry;
    }
    if (orgCountryPlan) {
      const value = readCell(cells[orgCountryPlan.index]);
      if (value !== null && hasNul(value)) {
        errors = characterError(errors, line, value, orgCountryPlan.header);
      } else if (value !== null) {
        orgCountry = normaliseCountryCode(value);
        if (orgCountry === null) errors = addError(errors, line, orgCountryPlan.header, 'invalidCountryCode', { value: shown(value) });
        orgDetailGiven = { value, header: orgCountryPlan.header };
      }
      orgDetails = { organizationCountryCode: orgCountry };
    }

    for (let s = 0; s < steps.length; s++) {
      const step = steps[s];
      const value = readCell(cells[step.index]);
      const key = step.key as ContactFieldKey;
      if (value !== null && hasNul(value)) {
        errors = characterError(errors, line, value, step.header);
        // The row fails; the keys still count as given, so no "missing" error is added too.
        if (step.op === EXTERNAL_ID) externalId = value;
        else if (step.op === ORG_ID) orgId = value;
        continue;
      }
      switch (step.op) {
        case TEXT:
          if (value !== null && exceedsLength(value, step.max)) {
            errors = addError(errors, line, step.header, 'tooLong', { max: step.max });
          }
          values[key] = value;
          break;
        case EMAIL:
          if (value !== null) {
            if (exceedsLength(value, step.max)) errors = addError(errors, line, step.header, 'emailTooLong', { max: step.max });
            else if (!isValidEmail(value)) errors = addError(errors, line, step.header, 'invalidEmail', { value: shown(value) });
          }
          values[key] = value;
          break;
        case PHONE:
          if (value === null) values[key] = null;
          else {
            const phone = normalizePhone(value, rowCountry, defaultCountry);
            if ('error' in phone) errors = addError(errors, line, step.header, 'invalidPhone', { value: shown(value) });
            else {
              values[key] = phone.e164;
              phoneDisplay[key] = phone.display;
            }
          }
          break;
        case BOOLEAN:
          if (value === null) values[key] = null;
          else {
            const parsed = parseBoolean(value);
            if (parsed === undefined) {
              errors = addError(errors, line, step.header, key === 'callable' ? 'invalidCallable' : 'invalidBoolean', { value: shown(value) });
            } else values[key] = parsed;
          }
          break;
        case URL_:
          if (value !== null) {
            if (exceedsLength(value, step.max)) errors = addError(errors, line, step.header, 'tooLong', { max: step.max });
            else if (!isHttpUrl(value)) errors = addError(errors, line, step.header, 'invalidUrl', { value: shown(value) });
          }
          values[key] = value;
          break;
        case EXTERNAL_ID:
          if (value !== null && exceedsLength(value, step.max)) {
            errors = addError(errors, line, step.header, 'externalIdTooLong', { max: step.max });
          }
          externalId = value;
          break;
        case ORG_ID:
          if (value !== null && exceedsLength(value, step.max)) errors = addError(errors, line, step.header, 'tooLong', { max: step.max });
          orgId = value;
          break;
        case ORG_NAME:
          if (value !== null && exceedsLength(value, step.max)) errors = addError(errors, line, step.header, 'tooLong', { max: step.max });
          orgName = value;
          orgNameHeader = step.header;
          break;
        case DELETED:
          if (value !== null) {
            deletedAt = parseDeletedAt(value);
            if (deletedAt === null) errors = addError(errors, line, step.header, 'invalidDeleted', { value: shown(value) });
          }
          break;
        case CUSTOM:
          customFields[step.key] = value;
          break;
        case ORG_TEXT:
        case ORG_URL:
        case ORG_PHONE: {
          let stored = value;
          if (value !== null) {
            orgDetailGiven ??= { value, header: step.header };
            if (exceedsLength(value, step.max)) errors = addError(errors, line, step.header, 'tooLong', { max: step.max });
            else if (step.op === ORG_URL && !isHttpUrl(value)) errors = addError(errors, line, step.header, 'invalidUrl', { value: shown(value) });
            else if (step.op === ORG_PHONE) {
              const phone = normalizePhone(value, orgCountry ?? rowCountry, defaultCountry);
              if ('error' in phone) errors = addError(errors, line, step.header, 'invalidPhone', { value: shown(value) });
              else stored = phone.e164;
            }
          }
          (orgDetails ??= {})[key as OrganizationFieldKey] = stored;
          break;
        }
      }
    }

    // SPEC section 4: every row carries its External ID, the key of the contact within its source
    // (rows matched by e-mail or phone too: the contact then gains that ID in the source).
    if (externalId === null) {
      errors = addError(errors, line, externalIdHeader, 'externalIdMissing');
    }
    if (orgId === null && (orgName !== null || orgDetailGiven !== null)) {
      errors = addError(errors, line, orgIdHeader ?? orgNameHeader ?? orgDetailGiven!.header, 'organizationExternalIdMissing',
        { value: shown(orgName ?? orgDetailGiven!.value) });
    }
    if (errors) return { ok: false, errors };
    const organization: RowOrganization | null = orgId === null ? null : { externalId: orgId, name: orgName, details: orgDetails ?? {} };
    return { ok: true, row: { line, externalId, values, phoneDisplay, customFields, organization, deletedAt } };
  };
}
