import { runAsCurrentUser } from '@/lib/actions/bind';
import { uploadInputFrom } from '@/lib/api/upload-request';
import { uploadCsvFile } from '@/lib/import/upload/operations';
import { crossSiteRefusal, isCrossSiteRequest } from '@/lib/auth/origin-check';

// Runs on Node.js, the default for route handlers (a `runtime` export would be counted as an
// unguarded entry point by tests/integration/permission-matrix.test.ts). How the body is read:
// lib/api/upload-request.ts, shared with POST /api/v1/uploads.

/**
 * POST /api/uploads: the request body is the CSV file itself (text/csv or
 * application/octet-stream), its name in `x-file-name` (URL-encoded) or `?name=`.
 * 201 with the upload's facts; 413 over the size cap; 422 `uploads.errors.<code>` for a bad file.
 */
export async function POST(request: Request) {
  // proxy.ts leaves this route out (it would cut the body at 10 MB): its cross-site check is here.
  if (isCrossSiteRequest(request)) return crossSiteRefusal();
  const result = await runAsCurrentUser(uploadCsvFile, uploadInputFrom(request));
  if (result.ok) return Response.json(result.data, { status: 201 });
  return Response.json({ error: result.error, fieldErrors: result.fieldErrors }, { status: result.status });
}
