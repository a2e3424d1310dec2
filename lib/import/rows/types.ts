import type { ContactFieldKey, MatchIdentifier, OrganizationFieldKey } from './fields';

export type MergeMode = 'mergeAll' | 'updateFirst';
export type LoadType = 'upsert' | 'dropAndInsert' | 'deleteListed';
/** What a valid row that matches no contact does ('create'), or not ('skip'). */
export type UnmatchedRowAction = 'create' | 'skip';
/** What a valid row that matches a contact does ('update': update, merge or delete it), or not ('skip'). */
export type MatchedRowAction = 'update' | 'skip';

/** The frozen settings an import job runs with (a copy of the profile at job creation). */
export interface ImportSettings {
  externalSourceId: string;
  matchBy: MatchIdentifier[];
  mergeMode: MergeMode;
  loadType: LoadType;
  /** Target fields that are imported; others in the file are ignored. */
  importFields: string[];
  /** CSV header (as in the file) -> target field key (or `custom:<name>`). */
  columnMapping: Record<string, string>;
  defaultCountry: string;
  emptyCellsClear: boolean;
  /** Create-only and update-only imports (load type upsert only). Absent (jobs frozen before): 'create'. */
  unmatchedRows?: UnmatchedRowAction;
  /** Absent (jobs frozen before): 'update'. */
  matchedRows?: MatchedRowAction;
}

/**
 * A valid row, normalised: values trimmed (whitespace-only is null), e-mails as written (compared
 * case-insensitively), phones E.164 with the text as received kept for display, booleans parsed.
 * Only imported fields appear; a null value is an empty cell.
 */
export interface NormalizedRow {
  line: number;
  externalId: string | null;
  values: Partial<Record<ContactFieldKey, string | boolean | null>>;
  /** Display text of phones, keyed by phone field. */
  phoneDisplay: Partial<Record<ContactFieldKey, string>>;
  customFields: Record<string, string | null>;
  organization: RowOrganization | null;
  /** Soft-delete time from the `Deleted` column (UNIX ms), when set. */
  deletedAt: Date | null;
}

/**
 * The organization a row names, by its External Organization External ID. `details` holds the
 * imported organization fields only (phone E.164, country code upper case); null is an empty cell.
 */
export interface RowOrganization {
  externalId: string;
  name: string | null;
  details: Partial<Record<OrganizationFieldKey, string | null>>;
}

export interface RowError {
  line: number;
  column: string | null;
  code: string;
  params?: Record<string, string | number>;
}
