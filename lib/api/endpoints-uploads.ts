import { getCsvUpload, previewCsvUpload, uploadCsvFile } from '../import/upload/operations';
import type { OperationEndpoint } from './endpoint';
import { uploadPreviewSchema, uploadSchema, uploadSummarySchema } from './responses';

const tag = 'Uploads';

export const uploadEndpoints = {
  uploadFile: {
    method: 'POST', path: '/uploads', operationId: 'uploadFile', tag, operation: uploadCsvFile, request: 'csv',
    summary: 'Upload a CSV file (streamed)',
    description: 'The body is the file itself (`text/csv` or `application/octet-stream`), its name in the '
      + '`X-File-Name` header (URL-encoded) or the `name` query parameter. The file is checked while it streams '
      + '(UTF-8, separator, header row); over the size cap (`UPLOAD_MAX_BYTES`) the answer is 413, a bad file 422.',
    response: uploadSummarySchema, successStatus: 201, extraStatuses: [413, 415, 422],
  },
  getUpload: {
    method: 'GET', path: '/uploads/{id}', operationId: 'getUpload', tag, operation: getCsvUpload, request: 'none',
    summary: 'An upload: its facts, status and, when refused, why',
    response: uploadSchema,
  },
  previewUpload: {
    method: 'GET', path: '/uploads/{id}/preview', operationId: 'previewUpload', tag, operation: previewCsvUpload,
    request: 'query', summary: 'The header row and the first rows of a ready upload', response: uploadPreviewSchema,
  },
} satisfies Record<string, OperationEndpoint>;
