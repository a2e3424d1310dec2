import type { Message } from '@/lib/actions/result';
import type { TextEncoding } from '@/lib/import/upload/encoding/encodings';
import { isXlsxFileName } from '@/lib/import/upload/xlsx/detect-format';

const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** What the wizard keeps of an accepted upload (the server's 201 answer, or getCsvUpload). */
export interface UploadFacts {
  id: string;
  fileName: string;
  sizeBytes: number;
  rowCount: number;
  headers: string[];
  separator: string | null;
  /** 'xlsx' for a workbook, read from its sheet `sheetName` (one of `sheetNames`). */
  format?: string;
  sheetName?: string | null;
  sheetNames?: string[] | null;
  /** The text encoding a CSV file is read in, and the one detection found (null: chosen when sent). */
  encoding?: TextEncoding | null;
  detectedEncoding?: TextEncoding | null;
}

export type UploadOutcome = { ok: true; upload: UploadFacts } | { ok: false; error: Message };

function isMessage(value: unknown): value is Message {
  return typeof value === 'object' && value !== null && typeof (value as Message).key === 'string';
}

export function toUploadFacts(body: UploadFacts): UploadFacts {
  const { id, fileName, sizeBytes, rowCount, headers, separator, format, sheetName, sheetNames, encoding, detectedEncoding } = body;
  return { id, fileName, sizeBytes, rowCount, headers, separator, format, sheetName, sheetNames, encoding, detectedEncoding };
}

/**
 * The outcome of POST /api/uploads from its status and body text. Refusals carry
 * `{ error: { key, params }, fieldErrors? }`; anything else (a proxy's HTML page) gets a message
 * of our own, never the raw text.
 */
export function readUploadResponse(status: number, text: string, maxMb: number): UploadOutcome {
  let body: { error?: unknown; fieldErrors?: Record<string, unknown[]> } & Partial<UploadFacts> = {};
  try {
    body = JSON.parse(text) ?? {};
  } catch {
    // not JSON: answered below by status
  }
  if (status === 201 && typeof body.id === 'string' && typeof body.rowCount === 'number') {
    return { ok: true, upload: toUploadFacts(body as UploadFacts) };
  }
  const [nameError] = body.fieldErrors?.fileName ?? [];
  if (isMessage(nameError)) return { ok: false, error: { key: 'wizardUpload.errors.fileName' } };
  if (isMessage(body.error)) return { ok: false, error: { key: body.error.key, params: body.error.params } };
  if (status === 413) return { ok: false, error: { key: 'uploads.errors.fileTooLarge', params: { maxMb } } };
  if (status === 401) return { ok: false, error: { key: 'errors.unauthenticated' } };
  if (status === 403) return { ok: false, error: { key: 'errors.forbidden' } };
  return { ok: false, error: { key: 'errors.unexpected' } };
}

export interface UploadCallbacks {
  onProgress(loaded: number, total: number): void;
  /** Every byte sent; the server is still checking and storing the end of the file. */
  onSent(): void;
  onDone(outcome: UploadOutcome): void;
}

/**
 * Sends the file as the request body with XMLHttpRequest, the one browser API that reports
 * upload progress (fetch does not). The browser streams the file from disk: the page never holds
 * it in memory. Returns the function that cancels the upload.
 */
export function sendUpload(file: File, maxMb: number, callbacks: UploadCallbacks): () => void {
  const xhr = new XMLHttpRequest();
  let finished = false;
  const finish = (outcome: UploadOutcome) => {
    if (finished) return;
    finished = true;
    callbacks.onDone(outcome);
  };
  xhr.open('POST', '/api/uploads');
  xhr.setRequestHeader('x-file-name', encodeURIComponent(file.name));
  // Windows gives .csv files the type application/vnd.ms-excel: say what the body is.
  xhr.setRequestHeader('content-type', isXlsxFileName(file.name) ? XLSX_CONTENT_TYPE : 'text/csv');
  xhr.upload.addEventListener('progress', (event) => callbacks.onProgress(event.loaded, event.lengthComputable ? event.total : file.size));
  xhr.upload.addEventListener('load', () => callbacks.onSent());
  xhr.addEventListener('load', () => finish(readUploadResponse(xhr.status, xhr.responseText, maxMb)));
  xhr.addEventListener('error', () => finish({ ok: false, error: { key: 'wizardUpload.errors.network' } }));
  xhr.addEventListener('timeout', () => finish({ ok: false, error: { key: 'wizardUpload.errors.network' } }));
  xhr.send(file);
  return () => {
    finished = true;
    xhr.abort();
  };
}
