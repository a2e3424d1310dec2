import {
  bigint, boolean, customType, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { divisions, users } from './auth';
import { externalSources } from './contacts';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
});

export type MergeMode = 'mergeAll' | 'updateFirst';
export type LoadType = 'upsert' | 'dropAndInsert' | 'deleteListed';
export type JobStatus = 'created' | 'running' | 'completed' | 'failed' | 'cancelled';
/** `fixing`: a bulk fix (or its undo) of the validation workbench is re-validating the rows it changes. */
export type JobStep = 'validating' | 'validated' | 'fixing' | 'importing';
/** What an import does with a valid row that matches no contact, and with one that matches. */
export type UnmatchedRowAction = 'create' | 'skip';
export type MatchedRowAction = 'update' | 'skip';
export type UploadFormat = 'csv' | 'xlsx';

export interface RevertSummary {
  deleted: number;
  restored: number;
  unmerged: number;
  undeleted: number;
  conflicts: number;
}

export interface MovedExternalId {
  sourceId: string;
  value: string;
  /** Where it went: the contact that survived every merge of the batch. */
  survivorId: number;
  /** False when the survivor had the same ID already: the revert must leave the survivor's copy. */
  addedToSurvivor: boolean;
}

export const importProfiles = pgTable('import_profiles', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  externalSourceId: uuid('external_source_id').references(() => externalSources.id, { onDelete: 'set null' }),
  // Ordered: the first identifier that has a value and finds a candidate decides the match.
  matchBy: text('match_by').array().notNull().default(sql`'{}'::text[]`),
  mergeMode: text('merge_mode').$type<MergeMode>().notNull().default('updateFirst'),
  loadType: text('load_type').$type<LoadType>().notNull().default('upsert'),
  importFields: jsonb('import_fields').$type<string[]>().notNull().default([]),
  columnMapping: jsonb('column_mapping').$type<Record<string, string>>().notNull().default({}),
  defaultCountry: text('default_country').notNull().default('US'),
  emptyCellsClear: boolean('empty_cells_clear').notNull().default(false),
  defaultDivisionId: uuid('default_division_id').references(() => divisions.id, { onDelete: 'set null' }),
  automationUserId: uuid('automation_user_id').references(() => users.id, { onDelete: 'set null' }),
  /** The text encoding the profile's files are read in (the drop folder's); null: detected per file. */
  encoding: text('encoding'),
  unmatchedRows: text('unmatched_rows').$type<UnmatchedRowAction>().notNull().default('create'),
  matchedRows: text('matched_rows').$type<MatchedRowAction>().notNull().default('update'),
  /** Who else is told by e-mail when one of the profile's drop-folder imports ends. */
  notifyEmails: text('notify_emails').array().notNull().default(sql`'{}'::text[]`),
  createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('import_profiles_name_key').on(sql`lower(${t.name})`)]);

export const uploads = pgTable('uploads', {
  id: uuid('id').primaryKey().defaultRandom(),
  fileName: text('file_name').notNull(),
  sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull().default(0),
  sha256: text('sha256'),
  separator: text('separator'),
  /** csv, or xlsx (a workbook, read from its sheet `sheetName`). */
  format: text('format').$type<UploadFormat>().notNull().default('csv'),
  sheetName: text('sheet_name'),
  sheetNames: jsonb('sheet_names').$type<string[]>(),
  /** The encoding the file is read in, and the one detection found (they differ once a person chose). */
  encoding: text('encoding'),
  detectedEncoding: text('detected_encoding'),
  hasBom: boolean('has_bom').notNull().default(false),
  headers: jsonb('headers').$type<string[]>(),
  rowCount: integer('row_count'),
  status: text('status').$type<'receiving' | 'ready' | 'rejected'>().notNull().default('receiving'),
  errorCode: text('error_code'),
  errorParams: jsonb('error_params').$type<Record<string, string | number>>(),
  uploadedBy: uuid('uploaded_by').references(() => users.id, { onDelete: 'set null' }),
  /** The wizard's unsaved settings for this file, so Back, reload and a shared link keep them. */
  wizardDraft: jsonb('wizard_draft').$type<Record<string, unknown>>(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  /** When retention deleted the file's content (its chunks): the row and its facts stay for the jobs' pages. */
  fileDeletedAt: timestamp('file_deleted_at', { withTimezone: true }),
  /**
   * A workbook's readable form: its chosen sheet as UTF-8 CSV, written when the sheet was checked,
   * in `upload_chunks` part `readablePart` (the file as received is part 0); null: none, the file
   * itself is read. `readableBytes` is its size, counted by the user's quota.
   */
  readablePart: integer('readable_part'),
  readableBytes: bigint('readable_bytes', { mode: 'number' }).notNull().default(0),
}, (t) => [index('uploads_uploaded_by_idx').on(t.uploadedBy), index('uploads_created_idx').on(t.createdAt)]);

/** The file body, in chunks, so that any worker on any machine can read it back. */
export const uploadChunks = pgTable('upload_chunks', {
  uploadId: uuid('upload_id').notNull().references(() => uploads.id, { onDelete: 'cascade' }),
  /** 0: the file as received; another: a readable form of it (see the upload's `readable_part` column). */
  part: integer('part').notNull().default(0),
  seq: integer('seq').notNull(),
  data: bytea('data').notNull(),
}, (t) => [primaryKey({ columns: [t.uploadId, t.part, t.seq] })]);

export const importJobs = pgTable('import_jobs', {
  // The job id doubles as the transaction id shown to users.
  id: uuid('id').primaryKey().defaultRandom(),
  uploadId: uuid('upload_id').references(() => uploads.id, { onDelete: 'set null' }),
  profileId: uuid('profile_id').references(() => importProfiles.id, { onDelete: 'set null' }),
  profileSnapshot: jsonb('profile_snapshot').notNull(),
  divisionId: uuid('division_id').notNull().references(() => divisions.id),
  description: text('description').notNull().default(''),
  requestedBy: uuid('requested_by').references(() => users.id, { onDelete: 'set null' }),
  onBehalfOf: uuid('on_behalf_of').references(() => users.id, { onDelete: 'set null' }),
  origin: text('origin').$type<'wizard' | 'api' | 'folder'>().notNull().default('wizard'),
  autoContinue: boolean('auto_continue').notNull().default(false),
  status: text('status').$type<JobStatus>().notNull().default('created'),
  step: text('step').$type<JobStep>(),
  rowsInFile: integer('rows_in_file').notNull().default(0),
  validRows: integer('valid_rows').notNull().default(0),
  invalidRows: integer('invalid_rows').notNull().default(0),
  imported: integer('imported').notNull().default(0),
  notImported: integer('not_imported').notNull().default(0),
  inserted: integer('inserted').notNull().default(0),
  updated: integer('updated').notNull().default(0),
  merged: integer('merged').notNull().default(0),
  deleted: integer('deleted').notNull().default(0),
  unchanged: integer('unchanged').notNull().default(0),
  /** Valid rows left alone by a create-only or update-only profile: imported + skipped + not imported = in file. */
  skipped: integer('skipped').notNull().default(0),
  failed: integer('failed').notNull().default(0),
  /** Rows whose identifier repeats an earlier row of the file (a warning: they still apply, in order). */
  repeatedRows: integer('repeated_rows').notNull().default(0),
  /**
   * The validation workbench: rows made valid by a fix (counted in validRows too), and rows a person
   * excluded from the import (counted apart: rowsInFile = validRows + invalidRows + excludedRows).
   */
  fixedRows: integer('fixed_rows').notNull().default(0),
  excludedRows: integer('excluded_rows').notNull().default(0),
  /** Goes up with every fix and undo: a projection computed at a lower version is out of date. */
  fixVersion: integer('fix_version').notNull().default(0),
  progressDone: integer('progress_done').notNull().default(0),
  progressTotal: integer('progress_total').notNull().default(0),
  /** The import resumes after this line: batches up to it are committed with their counters. */
  lastCommittedLine: integer('last_committed_line').notNull().default(0),
  /** Contacts deleted up front by a drop-and-insert load. */
  dropped: integer('dropped').notNull().default(0),
  errorCode: text('error_code'),
  errorMessage: text('error_message'),
  heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }),
  /**
   * The `modified_at` every run of the import step wrote (a killed job resumes with a new one): a
   * contact the job touched whose `modified_at` is none of these was changed since, by someone else.
   */
  writeTimes: timestamp('write_times', { withTimezone: true }).array().notNull().default(sql`'{}'::timestamptz[]`),
  revertedAt: timestamp('reverted_at', { withTimezone: true }),
  revertedBy: uuid('reverted_by').references(() => users.id, { onDelete: 'set null' }),
  revertSummary: jsonb('revert_summary').$type<RevertSummary>(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  startedAt: timestamp('started_at', { withTimezone: true }),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
}, (t) => [
  index('import_jobs_created_idx').on(t.createdAt),
  index('import_jobs_requested_by_idx').on(t.requestedBy),
  index('import_jobs_upload_idx').on(t.uploadId),
]);

/**
 * A row that failed validation: where, why, and the row as read. The row is kept once per line
 * (on its first error; null on the others) and cut to IMPORT_ERROR_ROW_MAX_CHARS, so a file of
 * wide rows full of errors is stored in bounded space; `rowTruncated` is set on every error of a
 * line that was cut (lib/import/jobs/steps/error-rows.ts).
 */
export const jobRowErrors = pgTable('job_row_errors', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  jobId: uuid('job_id').notNull().references(() => importJobs.id, { onDelete: 'cascade' }),
  line: integer('line').notNull(),
  column: text('column'),
  code: text('code').notNull(),
  /** An error fails the row; a warning (a repeated identifier) is reported and the row still applies. */
  severity: text('severity').$type<'error' | 'warning'>().notNull().default('error'),
  params: jsonb('params').$type<Record<string, string | number>>(),
  row: jsonb('row').$type<string[]>(),
  rowTruncated: boolean('row_truncated').notNull().default(false),
}, (t) => [index('job_row_errors_job_idx').on(t.jobId, t.line)]);

/**
 * A contact the job updated, merged or deleted, with its values before and after (for the changed
 * list and revert). The contacts a job created have no row here: see jobCreatedContacts.
 */
export const jobContactChanges = pgTable('job_contact_changes', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  // References import_jobs.id, on delete cascade; checked per statement, not per row (migration 0008).
  jobId: uuid('job_id').notNull(),
  contactId: bigint('contact_id', { mode: 'number' }).notNull(),
  action: text('action').$type<'inserted' | 'updated' | 'merged' | 'deleted'>().notNull(),
  line: integer('line'),
  before: jsonb('before'),
  after: jsonb('after'),
  mergedInto: bigint('merged_into', { mode: 'number' }),
  /** On a merge: the absorbed contact's external IDs, of every source, that moved to its survivor. */
  movedExternalIds: jsonb('moved_external_ids').$type<MovedExternalId[]>(),
}, (t) => [index('job_contact_changes_job_idx').on(t.jobId, t.id)]);

/**
 * The contacts a job created, as runs of ids: a created contact needs no before-image, and a
 * batch's identity ids come in one run (or a few, when another division's import took ids in
 * between). The changed list and revert expand the runs; their count is a sum.
 */
export const jobCreatedContacts = pgTable('job_created_contacts', {
  jobId: uuid('job_id').notNull().references(() => importJobs.id, { onDelete: 'cascade' }),
  firstId: bigint('first_id', { mode: 'number' }).notNull(),
  lastId: bigint('last_id', { mode: 'number' }).notNull(),
}, (t) => [primaryKey({ columns: [t.jobId, t.firstId] })]);

/**
 * How many change records of each action a job has, kept by a statement trigger on
 * job_contact_changes (migration 0013), so the job page counts without reading the records.
 */
export const jobChangeCounts = pgTable('job_change_counts', {
  jobId: uuid('job_id').notNull().references(() => importJobs.id, { onDelete: 'cascade' }),
  action: text('action').$type<'updated' | 'merged' | 'deleted'>().notNull(),
  count: integer('count').notNull(),
}, (t) => [primaryKey({ columns: [t.jobId, t.action] })]);

/** A contact a revert left as it was, because it changed after the job. */
export const jobRevertConflicts = pgTable('job_revert_conflicts', {
  jobId: uuid('job_id').notNull().references(() => importJobs.id, { onDelete: 'cascade' }),
  contactId: bigint('contact_id', { mode: 'number' }).notNull(),
  action: text('action').$type<'inserted' | 'updated' | 'merged' | 'deleted'>().notNull(),
}, (t) => [primaryKey({ columns: [t.jobId, t.contactId] })]);

/**
 * The validation workbench's rows: a line of the file a person fixed or excluded. `original` is
 * the row as read (from its validation error), `cells` the row as it will be imported; the file
 * itself stays as received, and every later pass (re-validation, projection, import) reads the
 * file with these rows laid over it, in line order.
 */
export const jobRowEdits = pgTable('job_row_edits', {
  jobId: uuid('job_id').notNull().references(() => importJobs.id, { onDelete: 'cascade' }),
  line: integer('line').notNull(),
  original: jsonb('original').$type<string[]>().notNull(),
  cells: jsonb('cells').$type<string[]>().notNull(),
  excluded: boolean('excluded').notNull().default(false),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.jobId, t.line] })]);

export type FixOperationKind = 'cell' | 'exclude' | 'include' | 'setValue' | 'replace' | 'trim' | 'changeCase' | 'undo';
export type FixOperationStatus = 'queued' | 'running' | 'applied' | 'failed';

/**
 * One fix asked for by a person: a cell edited, or a bulk fix over the rows of a filter, or the
 * undo of an earlier one. A bulk fix runs as the job's `fixing` step, in batches, and resumes
 * after `lastLine` when its worker stops; a cell edit is applied in the request.
 */
export const jobFixOperations = pgTable('job_fix_operations', {
  id: uuid('id').primaryKey().defaultRandom(),
  jobId: uuid('job_id').notNull().references(() => importJobs.id, { onDelete: 'cascade' }),
  kind: text('kind').$type<FixOperationKind>().notNull(),
  /** Which rows: { code?, column?, state?, lines? } (lib/import/fixes). */
  filter: jsonb('filter').$type<Record<string, unknown>>().notNull().default({}),
  /** What it does: { column, value } / { column, find, replace } / { column, to }... */
  params: jsonb('params').$type<Record<string, unknown>>().notNull().default({}),
  /** For an undo: the operation it undoes. */
  undoes: uuid('undoes'),
  undoneAt: timestamp('undone_at', { withTimezone: true }),
  status: text('status').$type<FixOperationStatus>().notNull().default('queued'),
  /** The rows it was expected to change when asked (the preview), and those it changed. */
  targetRows: integer('target_rows').notNull().default(0),
  changedRows: integer('changed_rows').notNull().default(0),
  /** A bulk fix's resume point: rows up to this line are done and committed. */
  lastLine: integer('last_line').notNull().default(0),
  errorCode: text('error_code'),
  actor: uuid('actor').references(() => users.id, { onDelete: 'set null' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
}, (t) => [index('job_fix_operations_job_idx').on(t.jobId, t.createdAt)]);

/**
 * The record of every fix: who, when, which line and column, before -> after. `column` is null
 * for an exclusion or inclusion of the whole row.
 */
export const jobRowFixes = pgTable('job_row_fixes', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  jobId: uuid('job_id').notNull().references(() => importJobs.id, { onDelete: 'cascade' }),
  operationId: uuid('operation_id').notNull().references(() => jobFixOperations.id, { onDelete: 'cascade' }),
  line: integer('line').notNull(),
  column: text('column'),
  kind: text('kind').$type<FixOperationKind>().notNull(),
  before: text('before'),
  after: text('after'),
  actor: uuid('actor').references(() => users.id, { onDelete: 'set null' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('job_row_fixes_job_idx').on(t.jobId, t.id),
  index('job_row_fixes_line_idx').on(t.jobId, t.line),
  index('job_row_fixes_operation_idx').on(t.operationId, t.line),
]);

export type ProjectionStatus = 'running' | 'done' | 'failed';

/** A sample of what the import will do, shown before it runs (lib/import/jobs/steps/project-step.ts). */
export interface ProjectionSamples {
  [action: string]: unknown[];
}

/**
 * What the import will change, before it runs: the counters of a read-only dry run of the engine
 * over the whole file (with its fixes), computed at the job's `fixVersion`, and a sample of each
 * kind of change.
 */
export const jobProjections = pgTable('job_projections', {
  jobId: uuid('job_id').primaryKey().references(() => importJobs.id, { onDelete: 'cascade' }),
  fixVersion: integer('fix_version').notNull().default(0),
  status: text('status').$type<ProjectionStatus>().notNull().default('running'),
  progressDone: integer('progress_done').notNull().default(0),
  progressTotal: integer('progress_total').notNull().default(0),
  inserted: integer('inserted').notNull().default(0),
  updated: integer('updated').notNull().default(0),
  merged: integer('merged').notNull().default(0),
  unchanged: integer('unchanged').notNull().default(0),
  deleted: integer('deleted').notNull().default(0),
  skipped: integer('skipped').notNull().default(0),
  failed: integer('failed').notNull().default(0),
  dropped: integer('dropped').notNull().default(0),
  samples: jsonb('samples').$type<ProjectionSamples>(),
  errorCode: text('error_code'),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
  heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }),
});
