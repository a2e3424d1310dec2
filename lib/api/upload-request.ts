import type { UploadCsvInput } from '../import/upload/schemas';

// A route handler gets the body as a stream with no size limit, unlike a server action (1 MB):
// keep upload routes out of any proxy.ts matcher, as Next buffers a proxied body and cuts it at 10 MB.

/**
 * The upload operation's input from a request whose body is the CSV file itself (text/csv or
 * application/octet-stream), its name in `X-File-Name` (URL-encoded) or `?name=`. Shared by
 * POST /api/uploads (the wizard) and POST /api/v1/uploads.
 */
export function uploadInputFrom(request: Request): UploadCsvInput {
  return {
    fileName: fileNameOf(request),
    body: request.body ?? emptyBody(),
    declaredBytes: contentLengthOf(request),
    contentType: request.headers.get('content-type') ?? undefined,
    // Given only when asked: the operation's schema refuses a name it does not know.
    ...encodingOf(request),
  };
}

function encodingOf(request: Request): Pick<UploadCsvInput, 'encoding'> {
  const encoding = new URL(request.url).searchParams.get('encoding');
  // As sent: the operation's input schema checks it is one of the encodings offered (400 if not).
  return encoding === null || encoding === '' ? {} : { encoding: encoding as UploadCsvInput['encoding'] };
}

function fileNameOf(request: Request): string {
  const header = request.headers.get('x-file-name');
  if (header === null) return new URL(request.url).searchParams.get('name') ?? '';
  try {
    return decodeURIComponent(header);
  } catch {
    return header;
  }
}

function contentLengthOf(request: Request): number | undefined {
  const value = request.headers.get('content-length');
  const bytes = value === null ? NaN : Number(value);
  return Number.isSafeInteger(bytes) && bytes >= 0 ? bytes : undefined;
}

function emptyBody(): ReadableStream<Uint8Array> {
  return new ReadableStream({ start: (controller) => controller.close() });
}
