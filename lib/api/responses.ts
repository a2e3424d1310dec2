import { z } from 'zod';
import { LOAD_TYPES, MATCHED_ROW_ACTIONS, MERGE_MODES, UNMATCHED_ROW_ACTIONS } from '../import-profiles/schemas';
import { JOB_STATUSES, JOB_STEPS } from '../import/jobs/list-schemas';
import { TEXT_ENCODINGS } from '../import/upload/encoding/encodings';
import type { JobStep } from '../../db/schema';

// The JSON the API answers, as zod schemas: the OpenAPI document is generated from them, and the
// API tests parse real answers with them, so the document cannot drift from what is sent.

const timestamp = z.iso.datetime({ offset: true });
const id = z.uuid();
const count = z.number().int();

export function pagedOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
    pageCount: z.number().int(),
  });
}

/** An i18n key with its parameters, as stored for a refused upload. */
const messageSchema = z.object({ key: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])).optional() });

export const uploadSummarySchema = z.object({
  id, fileName: z.string(), sizeBytes: z.number().int(), sha256: z.string().nullable(),
  separator: z.string().nullable(), hasBom: z.boolean(), headers: z.array(z.string()), rowCount: z.number().int(),
  encoding: z.enum(TEXT_ENCODINGS).nullable().describe('The text encoding the file is read in (detected, or given); null for a workbook'),
  detectedEncoding: z.enum(TEXT_ENCODINGS).nullable().describe('What detection found; null when the encoding was given'),
  format: z.enum(['csv', 'xlsx']).describe('csv, or xlsx: an Excel workbook, read from its sheet `sheetName`'),
  sheetName: z.string().nullable().describe('The workbook\'s sheet read (null for a CSV)'),
  sheetNames: z.array(z.string()).nullable().describe('The workbook\'s visible sheets, in tab order (null for a CSV)'),
});

export const uploadSchema = uploadSummarySchema.extend({
  status: z.enum(['receiving', 'ready', 'rejected']),
  createdAt: timestamp,
  error: messageSchema.nullable(),
});

export const uploadPreviewSchema = z.object({
  id, fileName: z.string(), sizeBytes: z.number().int(), hasBom: z.boolean(),
  headers: z.array(z.string()), rows: z.array(z.array(z.string())), rowCount: z.number().int(),
  separator: z.string().nullable().describe('null for a workbook'),
});

export const uploadSheetSchema = z.object({
  id, fileName: z.string(), sizeBytes: z.number().int(), format: z.literal('xlsx'), sheetName: z.string(),
  sheetNames: z.array(z.string()), headers: z.array(z.string()), rowCount: z.number().int(),
  rows: z.array(z.array(z.string())).describe('The first 10 rows of the sheet, after its header'),
});

const revertSummarySchema = z.object({
  deleted: count.describe('Contacts the job created, deleted'),
  restored: count.describe('Contacts it updated, put back'),
  unmerged: count.describe('Contacts it merged, split off again'),
  undeleted: count.describe('Contacts it deleted, restored'),
  conflicts: count.describe('Contacts changed since the job, left as they are'),
});

/** A job's steps as the API shows them: the list's filter's, and `fixing` while a bulk fix or an undo runs (decision 008). */
const jobStep = z.enum([...JOB_STEPS, 'fixing'] satisfies JobStep[]).nullable();

export const jobSchema = z.object({
  id: id.describe('The job id, also the transaction id'),
  description: z.string(),
  fileName: z.string().nullable(),
  divisionId: id,
  origin: z.enum(['wizard', 'api', 'folder']),
  status: z.enum(JOB_STATUSES),
  step: jobStep,
  autoContinue: z.boolean(),
  counters: z.object({
    rowsInFile: count, validRows: count, invalidRows: count, imported: count, notImported: count, inserted: count,
    updated: count, merged: count, deleted: count, unchanged: count, failed: count, dropped: count,
    skipped: count.describe('Valid rows a create-only or update-only profile left alone: imported + skipped + notImported = rowsInFile'),
    repeatedRows: count.describe('Valid rows whose identifier an earlier row of the file has (a warning each): still imported'),
    fixedRows: count.describe('Rows fixed on the validation workbench that are now valid (counted in validRows)'),
    excludedRows: count.describe('Rows excluded on the validation workbench: rowsInFile = validRows + invalidRows + excludedRows'),
  }),
  fixVersion: count.describe('Goes up with every fix of the validation workbench'),
  progress: z.object({ done: count, total: count }),
  error: z.object({ code: z.string(), message: z.string().nullable() }).nullable(),
  createdAt: timestamp,
  startedAt: timestamp.nullable(),
  finishedAt: timestamp.nullable(),
  revert: z.object({ at: timestamp, summary: revertSummarySchema.nullable() }).nullable()
    .describe('Set once the job was reverted'),
});

export const revertedJobSchema = z.object({ job: jobSchema, summary: revertSummarySchema });

export const jobListItemSchema = z.object({
  id, description: z.string(), status: z.enum(JOB_STATUSES), step: jobStep,
  fileName: z.string().nullable(), createdAt: timestamp, requestedByName: z.string().nullable(),
  onBehalfOfName: z.string().nullable(), origin: z.enum(['wizard', 'api', 'folder']), reverted: z.boolean(),
  rowsInFile: count, imported: count, notImported: count, inserted: count,
  updated: count, deleted: count, unchanged: count, failed: count, skipped: count,
});

export const jobErrorsSchema = pagedOf(z.object({
  id: z.number().int(), line: count, column: z.string().nullable(), code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).nullable(), message: z.string(),
  severity: z.enum(['error', 'warning']).describe('A warning (repeatedIdentifier) leaves its row valid: it is imported'),
})).extend({
  codes: z.array(z.object({ code: z.string(), severity: z.enum(['error', 'warning']), count })),
  errors: count.describe('Row errors of the job (all pages)'),
  warnings: count.describe('Warnings of the job (all pages): rows repeating an identifier of an earlier row'),
});

export const profileSchema = z.object({
  id, name: z.string(), externalSourceId: id.nullable(), matchBy: z.array(z.string()),
  mergeMode: z.enum(MERGE_MODES), loadType: z.enum(LOAD_TYPES), importFields: z.array(z.string()),
  columnMapping: z.record(z.string(), z.string()), defaultCountry: z.string(), emptyCellsClear: z.boolean(),
  unmatchedRows: z.enum(UNMATCHED_ROW_ACTIONS).describe('Rows that match no contact: create one, or skip the row (update only)'),
  matchedRows: z.enum(MATCHED_ROW_ACTIONS).describe('Rows that match a contact: update it, or skip the row (create only)'),
  notifyEmails: z.array(z.string()).describe('Told by e-mail when one of the profile\'s drop-folder imports ends'),
  defaultDivisionId: id.nullable(), automationUserId: id.nullable(), createdBy: id.nullable(),
  encoding: z.enum(TEXT_ENCODINGS).nullable().describe('The text encoding of the drop folder\'s files; null: detected per file'),
  createdAt: timestamp, updatedAt: timestamp,
});

export const profileDetailSchema = profileSchema.extend({
  externalSourceName: z.string().nullable(), externalSourceActive: z.boolean().nullable(),
  defaultDivisionName: z.string().nullable(), automationUserName: z.string().nullable(), createdByName: z.string().nullable(),
});

export const deletedProfileSchema = z.object({ id, name: z.string(), jobsKept: count });
export const duplicatedProfileSchema = z.object({ id, name: z.string() });

export const profileListItemSchema = z.object({
  id, name: z.string(), externalSourceName: z.string().nullable(), matchBy: z.array(z.string()),
  mergeMode: z.enum(MERGE_MODES), loadType: z.enum(LOAD_TYPES), updatedAt: timestamp,
});

export const sourceSchema = z.object({
  id, name: z.string(), active: z.boolean(), uriTemplate: z.string().nullable(), createdAt: timestamp, updatedAt: timestamp,
});

export const divisionSchema = z.object({ id, name: z.string(), isHome: z.boolean() });

export const deletedSchema = z.object({ id });
export const clearedSchema = z.object({ deleted: count });
export const sourceContactCountsSchema = z.array(z.object({ divisionId: id, divisionName: z.string(), count }));

export const contactListItemSchema = z.object({
  id: z.number().int(), firstName: z.string().nullable(), lastName: z.string().nullable(), email: z.string().nullable(),
  phone: z.string().nullable(), organizationName: z.string().nullable(), divisionName: z.string(), modifiedAt: timestamp,
});

/** A contacts search page: its count stops past 1,000 matches (`totalIsCapped`, then `total` is a lower bound). */
export const contactSearchPageSchema = pagedOf(contactListItemSchema).extend({
  totalIsCapped: z.boolean().describe('True when there are more than `total` matches (the count stopped there).'),
  orderIsPartial: z.boolean().describe('True when the matches were too many and too scattered to sort them all: '
    + 'the page is in name order among the first `sortedAmong` matches found. Narrow the search for an exact order.'),
  sortedAmong: z.number().int().describe('With `orderIsPartial`, how many matches the page was sorted among; 0 otherwise.'),
});

/** A contact with every stored field (names, phones, e-mails, address, custom fields...). */
export const contactDetailSchema = z.object({
  contact: z.looseObject({ id: z.number().int(), divisionId: id, firstName: z.string().nullable(), lastName: z.string().nullable() }),
  divisionName: z.string(),
  organization: z.looseObject({
    id: z.number().int(), name: z.string(),
    phone: z.string().nullable().describe('E.164'), addressLine1: z.string().nullable(), addressLine2: z.string().nullable(),
    city: z.string().nullable(), state: z.string().nullable(), postalCode: z.string().nullable(),
    countryCode: z.string().nullable(), website: z.string().nullable(), industry: z.string().nullable(),
  }).nullable(),
  externalIds: z.array(z.object({ sourceName: z.string(), uriTemplate: z.string().nullable(), value: z.string() })),
});
