import { getCsvUpload, previewCsvUpload, rereadCsvUpload, uploadCsvFile } from '../import/upload/operations';
import type { OperationEndpoint } from './endpoint';
import { uploadPreviewSchema, uploadSchema, uploadSummarySchema } from './responses';

const tag = 'Uploads';

export const uploadEndpoints = {
  uploadFile: {
    method: 'POST', path: '/uploads', operationId: 'uploadFile', tag, operation: uploadCsvFile, request: 'csv',
    summary: 'Upload a CSV file (streamed)',
    description: 'The body is the file itself (`text/csv` or `application/octet-stream`), its name in the '
      + '`X-File-Name` header (URL-encoded) or the `name` query parameter. The file is checked while it streams '
      + '(text encoding, separator, header row); over the size cap (`UPLOAD_MAX_BYTES`) the answer is 413, a bad file 422. '
      + 'The encoding is detected (UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1252) unless the `encoding` '
      + 'query parameter names one; the file is stored as received and read in that encoding.',
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
  setUploadEncoding: {
    method: 'PUT', path: '/uploads/{id}/encoding', operationId: 'setUploadEncoding', tag, operation: rereadCsvUpload,
    request: 'json', summary: 'Read a ready upload again in another text encoding',
    description: 'Only the uploader, and only while no job uses the upload (409). The stored file is read again in '
      + '`encoding`; its separator, header row and row count are those of the new reading. A file that is not text in '
      + 'that encoding answers 422 `uploads.invalidEncoding` (or `uploads.invalidUtf8`) naming the line; the previous '
      + 'reading stays.',
    response: uploadSummarySchema, extraStatuses: [409, 422],
  },
} satisfies Record<string, OperationEndpoint>;
