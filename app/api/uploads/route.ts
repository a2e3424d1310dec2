import { runAsCurrentUser } from '@/lib/actions/bind';
import { uploadCsvFile } from '@/lib/import/upload/operations';

// Runs on Node.js, the default for route handlers (a `runtime` export would be counted as an
// unguarded entry point by tests/integration/permission-matrix.test.ts). A route handler gets
// the body as a stream with no size limit, unlike a server action (1 MB): keep /api/uploads out
// of any proxy.ts matcher, as Next buffers a proxied body and cuts it at 10 MB.

/**
 * POST /api/uploads: the request body is the CSV file itself (text/csv or
 * application/octet-stream), its name in `x-file-name` (URL-encoded) or `?name=`.
 * 201 with the upload's facts; 413 over the size cap; 422 `uploads.errors.<code>` for a bad file.
 */
export async function POST(request: Request) {
  const result = await runAsCurrentUser(uploadCsvFile, {
    fileName: fileNameOf(request),
    body: request.body ?? emptyBody(),
    declaredBytes: contentLengthOf(request),
    contentType: request.headers.get('content-type') ?? undefined,
  });
  if (result.ok) return Response.json(result.data, { status: 201 });
  return Response.json({ error: result.error, fieldErrors: result.fieldErrors }, { status: result.status });
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
