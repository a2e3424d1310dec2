import { z } from 'zod';
import { clearSource, countSourceContacts } from '../sources/clear-operations';
import { createSource, deleteSource, getSource, listSources, setSourceActive, updateSource } from '../sources/operations';
import type { OperationEndpoint } from './endpoint';
import { clearedSchema, deletedSchema, sourceContactCountsSchema, sourceSchema } from './responses';

const tag = 'External sources';
const sourcePath = { id: 'sourceId' };

export const sourceEndpoints = {
  listSources: {
    method: 'GET', path: '/external-sources', operationId: 'listExternalSources', tag, operation: listSources,
    request: 'none', summary: 'Every external source', response: z.array(sourceSchema),
  },
  createSource: {
    method: 'POST', path: '/external-sources', operationId: 'createExternalSource', tag, operation: createSource,
    request: 'json', summary: 'Add an external source', response: sourceSchema, successStatus: 201, extraStatuses: [409],
  },
  getSource: {
    method: 'GET', path: '/external-sources/{id}', operationId: 'getExternalSource', tag, operation: getSource,
    request: 'none', summary: 'An external source', response: sourceSchema,
  },
  updateSource: {
    method: 'PUT', path: '/external-sources/{id}', operationId: 'updateExternalSource', tag, operation: updateSource,
    request: 'json', summary: 'Rename an external source or change its URI template',
    description: 'Without `uriTemplate` the current one stays; an empty one removes it.',
    response: sourceSchema, extraStatuses: [409],
  },
  deleteSource: {
    method: 'DELETE', path: '/external-sources/{id}', operationId: 'deleteExternalSource', tag, operation: deleteSource,
    request: 'none', summary: 'Delete an external source no contact or profile uses',
    description: 'A source in use answers 409: deactivate it instead.', response: deletedSchema, extraStatuses: [409],
  },
  setSourceActive: {
    method: 'PUT', path: '/external-sources/{id}/active', operationId: 'setExternalSourceActive', tag,
    operation: setSourceActive, request: 'json', summary: 'Activate or deactivate an external source', response: sourceSchema,
  },
  countSourceContacts: {
    method: 'GET', path: '/external-sources/{id}/contact-counts', operationId: 'countExternalSourceContacts', tag,
    operation: countSourceContacts, request: 'none', pathFields: sourcePath,
    summary: 'Live contacts of the source per division where the token may delete contacts',
    response: sourceContactCountsSchema,
  },
  clearSource: {
    method: 'POST', path: '/external-sources/{id}/clear', operationId: 'clearExternalSource', tag, operation: clearSource,
    request: 'json', pathFields: sourcePath, summary: 'Clear source: delete every contact of the source in a division',
    description: 'Needs contact:delete in the division and externalSource:edit. `confirm` must be `true`. '
      + 'While an import runs in the division: 409 at once (`errors.importRunningInDivision`), try again later.',
    response: clearedSchema, extraStatuses: [409],
  },
} satisfies Record<string, OperationEndpoint>;
