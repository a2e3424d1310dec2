import { getCsvUpload, previewCsvUpload, rereadCsvUpload, uploadCsvFile } from '../import/upload/operations';
import type { OperationEndpoint } from './endpoint';
import { chooseUploadSheet } from '../import/upload/xlsx/sheet-operations';
import { uploadPreviewSchema, uploadSchema, uploadSheetSchema, uploadSummarySchema } from './responses';

const tag = 'Uploads';

export const uploadEndpoints = {
  uploadFile: {
    method: 'POST', path: '/uploads', operationId: 'uploadFile', tag, operation: uploadCsvFile, request: 'csv',
    summary: 'Upload a CSV file (streamed)',
    description: 'The body is the file itself (`text/csv` or `application/octet-stream`), its name in the '
      + '`X-File-Name` header (URL-encoded) or the `name` query parameter. The file is checked while it streams '
      + '(text encoding, separator, header row); over the size cap (`UPLOAD_MAX_BYTES`) the answer is 413, a bad file 422. '
      + 'The encoding is detected (UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1252) unless the `encoding` '
      + 'query parameter names one; the file is stored as received and read in that encoding. An Excel workbook '
      + '(.xlsx, sent as `application/vnd.openxmlformats-officedocument.spreadsheetml.sheet` or `application/octet-stream`) '
      + 'is read from its first visible sheet, row 1 being the header, cells as Excel shows them; an .xls or a '
      + 'password-protected workbook answers 422 (`uploads.errors.xlsNotSupported`, `uploads.errors.workbookEncrypted`).',
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
      + 'that encoding answers 422 naming the line (code `invalidEncoding`, or `invalidUtf8` for UTF-8); the previous '
      + 'reading stays.',
    response: uploadSummarySchema, extraStatuses: [409, 422],
  },
  setUploadSheet: {
    method: 'PUT', path: '/uploads/{id}/sheet', operationId: 'setUploadSheet', tag, operation: chooseUploadSheet,
    request: 'json', summary: 'Read another sheet of an uploaded workbook',
    description: 'Only the uploader, and only while no job uses the upload (409). `sheetName` is one of the upload\'s '
      + '`sheetNames`; the stored workbook is read again from that sheet, and its header row, row count and first rows '
      + 'answer. A sheet the checks refuse answers 422 with the same codes as a refused file; the previous sheet stays.',
    response: uploadSheetSchema, extraStatuses: [409, 422],
  },
} satisfies Record<string, OperationEndpoint>;
