import { z } from 'zod';
import {
  countJobChangesByAction, countJobErrorsByCode, countRevertConflicts, findJobDetails, listJobChangeRows, listJobErrorRows,
  listRevertConflictRows,
} from '../../../../db/queries/job-reports';
import { defineOperation, type OperationContext } from '../../../actions/operation';
import { notFound } from '../../../actions/result';
import { ANY_DIVISION, hasAnyPermission, type DivisionScope } from '../../../auth/access';
import type { Permission } from '../../../auth/permissions';
import { formatContactName } from '../../../contacts/names';
import { formatRowError } from '../../rows/error-messages';
import { errorRowMaxChars } from '../steps/error-rows';
import { DEFAULT_LOCALE, isLocale, type Locale } from '../../../i18n/config';
import { getTranslator } from '../../../i18n/translator';
import { toPaged } from '../../../paging';
import {
  CHANGE_ACTIONS, jobChangeListSchema, jobErrorListSchema, jobErrorReportSchema, revertConflictListSchema, type ChangeAction,
} from './schemas';
import { errorReportFileName, streamErrorReport } from './error-report-stream';
import { findVisibleJob } from '../job-view';
import type { ImportJob } from '../lifecycle';
import { countOnceWhenCompleted } from './report-count-cache';

// Reports of one job follow the job's visibility (job-view.ts): the caller's own jobs with
// importJob:view, any job of the divisions where they hold importJob:viewAll; else 404.

const READ: Permission[] = ['externalContacts:importJob:view', 'externalContacts:importJob:viewAll'];

async function readableJobDivision({ jobId }: { jobId: string }, ctx: OperationContext): Promise<DivisionScope> {
  // Without either permission anywhere the answer is 403, before looking anything up.
  if (!hasAnyPermission(ctx.access, READ)) return ANY_DIVISION;
  const job = await findVisibleJob(ctx.db, ctx, jobId, 'read');
  if (!job) throw notFound();
  return job.divisionId;
}

async function requireReadableJob(ctx: OperationContext, jobId: string): Promise<ImportJob> {
  const job = await findVisibleJob(ctx.db, ctx, jobId, 'read');
  if (!job) throw notFound();
  return job;
}

const localeOf = (ctx: OperationContext, asked?: Locale): Locale =>
  asked ?? (isLocale(ctx.user.locale) ? ctx.user.locale : DEFAULT_LOCALE);

/** The validation log (seed 002): errors in line order with their message, and the count of each code. */
export const listJobErrors = defineOperation({
  name: 'listJobErrors',
  permission: READ,
  input: jobErrorListSchema,
  division: readableJobDivision,
  async run({ jobId, page, pageSize, code, severity, locale }, ctx) {
    const job = await requireReadableJob(ctx, jobId);
    const t = getTranslator(localeOf(ctx, locale));
    const [rows, codes] = await Promise.all([
      listJobErrorRows(ctx.db, jobId, { code, severity, limit: pageSize, offset: (page - 1) * pageSize }),
      countOnceWhenCompleted('errorsByCode', job, () => countJobErrorsByCode(ctx.db, jobId)),
    ]);
    const shown = (c: { code: string; severity: string }) =>
      (code === undefined || c.code === code) && (severity === undefined || c.severity === severity);
    const total = codes.reduce((sum, c) => (shown(c) ? sum + c.count : sum), 0);
    // Warnings (a repeated identifier) leave their row valid: counted apart, never as errors.
    const errors = codes.reduce((sum, c) => (c.severity === 'error' ? sum + c.count : sum), 0);
    const warnings = codes.reduce((sum, c) => (c.severity === 'warning' ? sum + c.count : sum), 0);
    // A line cut to the stored cap says so (error-rows.ts): the report holds only its beginning.
    const items = rows.map((row) => {
      const message = formatRowError({ ...row, params: row.params ?? undefined }, t);
      return { ...row, message: row.rowTruncated ? `${message} ${t('importErrors.report.truncated', { max: errorRowMaxChars() })}` : message };
    });
    return { ...toPaged(items, total, page, pageSize), codes, errors, warnings };
  },
});

/**
 * Authorises the download of the full error report and returns it as lazily produced CSV
 * chunks: nothing is read until the route streams the body. `locale` is the request's.
 */
export const openJobErrorReport = defineOperation({
  name: 'openJobErrorReport',
  permission: READ,
  input: jobErrorReportSchema,
  division: readableJobDivision,
  async run({ jobId, locale }, ctx) {
    await requireReadableJob(ctx, jobId);
    return { fileName: errorReportFileName(jobId), chunks: streamErrorReport(ctx.db, jobId, localeOf(ctx, locale)) };
  },
});

/** The contacts a job changed (seed 002), with only the columns that changed, and the count per action. */
export const listJobChanges = defineOperation({
  name: 'listJobChanges',
  permission: READ,
  input: jobChangeListSchema,
  division: readableJobDivision,
  async run({ jobId, page, pageSize, action }, ctx) {
    const job = await requireReadableJob(ctx, jobId);
    const [rows, counts] = await Promise.all([
      listJobChangeRows(ctx.db, jobId, { action, limit: pageSize, offset: (page - 1) * pageSize }),
      countOnceWhenCompleted('changesByAction', job, () => countJobChangesByAction(ctx.db, jobId)),
    ]);
    const totals = Object.fromEntries(CHANGE_ACTIONS.map((a) => [a, 0])) as Record<ChangeAction, number>;
    for (const { action: a, count } of counts) totals[a] = count;
    const total = action ? totals[action] : counts.reduce((sum, c) => sum + c.count, 0);
    const items = rows.map(({ id, contactId, firstName, lastName, email, action: a, line, before, after, mergedInto }) => ({
      id, contactId, displayName: formatContactName({ firstName, lastName }) || email || null,
      action: a, line, before: (before ?? {}) as Record<string, unknown>, after: (after ?? {}) as Record<string, unknown>,
      mergedInto,
    }));
    return { ...toPaged(items, total, page, pageSize), totals };
  },
});

/** The contacts a revert of the job left as they were, because they changed after it. */
export const listRevertConflicts = defineOperation({
  name: 'listRevertConflicts',
  permission: READ,
  input: revertConflictListSchema,
  division: readableJobDivision,
  async run({ jobId, page, pageSize }, ctx) {
    await requireReadableJob(ctx, jobId);
    const [rows, total] = await Promise.all([
      listRevertConflictRows(ctx.db, jobId, { limit: pageSize, offset: (page - 1) * pageSize }),
      countRevertConflicts(ctx.db, jobId),
    ]);
    const items = rows.map(({ contactId, firstName, lastName, email, action }) => ({
      contactId, displayName: formatContactName({ firstName, lastName }) || email || null, action,
    }));
    return toPaged(items, total, page, pageSize);
  },
});

const jobDetailsSchema = z.object({ jobId: z.uuid('errors.invalidInput') });

/**
 * The job page's and the wizard's extra facts about a job: its upload (for Back), the names of
 * its profile, source, division and people, and the settings it was frozen with.
 */
export const getImportJobDetails = defineOperation({
  name: 'getImportJobDetails',
  permission: READ,
  input: jobDetailsSchema,
  division: readableJobDivision,
  async run({ jobId }, ctx) {
    await requireReadableJob(ctx, jobId);
    const details = await findJobDetails(ctx.db, jobId);
    if (!details) throw notFound();
    return details;
  },
});
