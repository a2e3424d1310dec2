import { toUtf8Stream } from '../import/jobs/reports/error-report-stream';

/**
 * A CSV file streamed to the client as it is produced (the error report: a page of lines at a
 * time from the database). Shared by GET /api/imports/:id/error-report and its /api/v1 twin.
 */
export function csvDownload({ fileName, chunks }: { fileName: string; chunks: AsyncGenerator<string> }): Response {
  return new Response(toUtf8Stream(chunks), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${fileName}"`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
