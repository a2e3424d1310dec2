import { runAsCurrentUser } from '@/lib/actions/bind';
import { csvDownload } from '@/lib/api/csv-download';
import { getRequestLocale } from '@/app/_server/i18n';
import { openJobErrorReport } from '@/lib/import/jobs/reports/report-operations';

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
  return csvDownload(result.data);
}
