import { respondAsCurrentUser } from '@/lib/actions/bind';
import { previewCsvUpload } from '@/lib/import/upload/operations';

// Node.js runtime (the default; see app/api/uploads/route.ts).

/** GET /api/uploads/:id/preview?rows=10: the header row and the first rows of an upload. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const rows = new URL(request.url).searchParams.get('rows') ?? undefined;
  return respondAsCurrentUser(previewCsvUpload, { id, rows });
}
