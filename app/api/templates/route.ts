import { runAsCurrentUser } from '@/lib/actions/bind';
import { getRequestLocale } from '@/app/_server/i18n';
import { downloadImportTemplate, downloadProfileTemplate } from '@/lib/import/templates/template-operations';

// Node.js runtime (the default; see app/api/uploads/route.ts).

/**
 * GET /api/templates?kind=template|sample[&profile=<id>]: a CSV to fill in (headers only) or a
 * sample that imports as is, in the caller's language; for a profile, with its columns. The
 * operations check the caller's permissions; 400/401/403/404 answer as JSON.
 */
export async function GET(request: Request) {
  const params = new URL(request.url).searchParams;
  const profileId = params.get('profile');
  const input = { kind: params.get('kind') ?? 'template', locale: await getRequestLocale() };
  const result = profileId === null
    ? await runAsCurrentUser(downloadImportTemplate, input)
    : await runAsCurrentUser(downloadProfileTemplate, { ...input, id: profileId });
  if (!result.ok) return Response.json({ error: result.error, fieldErrors: result.fieldErrors }, { status: result.status });
  const { fileName, content } = result.data;
  return new Response(new TextEncoder().encode(content), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${fileName}"`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
