import { runAsCurrentUser } from '@/lib/actions/bind';
import { getRequestLocale } from '@/lib/i18n/request';
import { toUtf8Stream } from '@/lib/jobs/error-report-stream';
import { openJobErrorReport } from '@/lib/jobs/report-operations';

// Node.js runtime (the default; see app/api/uploads/route.ts).

/**
 * GET /api/imports/:id/error-report: the job's full error report as a CSV download, streamed
 * from the database page by page, in the caller's language. 401/403/404 as JSON, decided by the
 * operation before a byte of the report is read.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const result = await runAsCurrentUser(openJobErrorReport, { jobId: id, locale: await getRequestLocale() });
  if (!result.ok) return Response.json({ error: result.error, fieldErrors: result.fieldErrors }, { status: result.status });
  return new Response(toUtf8Stream(result.data.chunks), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${result.data.fileName}"`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
