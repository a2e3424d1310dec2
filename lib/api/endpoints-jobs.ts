import { z } from 'zod';
import { listImportJobs } from '../import/jobs/list-operations';
import {
  cancelImportJob, continueImportJob, getImportJob, retryImportJob, revertImportJob, startApiImportJob,
} from '../import/jobs/operations';
import { listJobErrors, openJobErrorReport } from '../import/jobs/reports/report-operations';
import type { ApiCall, OperationEndpoint } from './endpoint';
import { listImportDivisions } from './operations';
import { divisionSchema, jobErrorsSchema, jobListItemSchema, jobSchema, pagedOf, revertedJobSchema } from './responses';

const tag = 'Import jobs';
const jobPath = { id: 'jobId' };
/** Messages in the language asked with Accept-Language (or `locale`), else the token owner's. */
const localeDefault = ({ request, locale }: ApiCall) => (request.headers.get('accept-language') ? { locale } : {});

function transition(verb: string, operation: OperationEndpoint['operation'], summary: string, description: string) {
  return {
    method: 'POST', path: `/jobs/{id}/${verb}`, operationId: `${verb}Job`, tag, operation, request: 'none',
    summary, description, response: jobSchema, extraStatuses: [409],
  } satisfies OperationEndpoint;
}

export const jobEndpoints = {
  listDivisions: {
    method: 'GET', path: '/divisions', operationId: 'listImportDivisions', tag, operation: listImportDivisions,
    request: 'none', summary: 'Divisions where the token may start import jobs (Home first)', response: z.array(divisionSchema),
  },
  startJob: {
    method: 'POST', path: '/jobs', operationId: 'startJob', tag, operation: startApiImportJob, request: 'json',
    summary: 'Start an import job from an upload and an import profile',
    description: 'The validation (dry run) starts at once. With `autoContinue` the import follows it without a '
      + 'Continue call (needs importJob:edit, as Continue does). `onBehalfOf` (a user id) needs importJob:viewAll in '
      + 'the division. To delete listed contacts, use a profile whose load type is `deleteListed` with a file of '
      + 'External IDs. A job that can delete contacts (load type `dropAndInsert` or `deleteListed`, or a file with a '
      + 'column read as Deleted) needs contact:delete in the division; one that creates and updates contacts, '
      + 'contact:add and contact:edit. Refused: 403, nothing started.',
    response: jobSchema, successStatus: 201, extraStatuses: [404, 409],
  },
  listJobs: {
    method: 'GET', path: '/jobs', operationId: 'listJobs', tag, operation: listImportJobs, request: 'query',
    summary: 'Import jobs the token may see, newest first, with the filters of the Imports page',
    response: pagedOf(jobListItemSchema),
  },
  getJob: {
    method: 'GET', path: '/jobs/{id}', operationId: 'getJob', tag, operation: getImportJob, request: 'none',
    summary: 'A job with its status, step, progress and counters', response: jobSchema,
  },
  continueJob: transition('continue', continueImportJob, 'Continue a validated job: import its valid rows',
    'Only a job at the step `validated`; else 409. The caller needs the contact permissions of what the job does, '
      + 'as to start it (contact:delete for a job that can delete contacts); else 403.'),
  cancelJob: transition('cancel', cancelImportJob, 'Cancel a job that has not finished',
    'What an import already committed stays, and is counted. A finished job answers 409.'),
  retryJob: transition('retry', retryImportJob, 'Retry a failed job',
    'Resumes where the job stopped; only a failed job, else 409. Needs the contact permissions of what the job does, as Continue.'),
  revertJob: {
    method: 'POST', path: '/jobs/{id}/revert', operationId: 'revertJob', tag, operation: revertImportJob, request: 'none',
    summary: 'Revert a completed job',
    description: 'Deletes the contacts it created and puts back those it updated, merged or deleted. Contacts changed '
      + 'since the job are left as they are and counted as conflicts. Only a completed job, once; else 409. '
      + 'Needs contact:delete when the job created contacts and contact:edit when it changed some; else 403. '
      + 'While an import runs in the job\'s division: 409 at once (`errors.importRunningInDivision`), try again later.',
    response: revertedJobSchema, extraStatuses: [409],
  },
  listJobErrors: {
    method: 'GET', path: '/jobs/{id}/errors', operationId: 'listJobErrors', tag, operation: listJobErrors,
    request: 'query', pathFields: jobPath, defaults: localeDefault,
    summary: 'The validation log: row errors in line order, and the count of each error code',
    response: jobErrorsSchema,
  },
  getJobErrorReport: {
    method: 'GET', path: '/jobs/{id}/error-report', operationId: 'getJobErrorReport', tag, operation: openJobErrorReport,
    request: 'query', pathFields: jobPath, defaults: localeDefault,
    summary: 'The full error report as CSV (streamed)',
    description: 'The file\'s own columns, then Line and Error; cells a spreadsheet would run as formulas are prefixed with `\'`. '
      + 'A job whose rows were fixed (`/jobs/{id}/rows`) adds a Fixed column, each cell changed as `Column: before -> after`, '
      + 'and lists the rows excluded from the import (not imported).',
    response: 'csv',
  },
} satisfies Record<string, OperationEndpoint>;
