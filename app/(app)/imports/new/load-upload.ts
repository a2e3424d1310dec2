import { runAsCurrentUser } from '@/lib/actions/bind';
import type { Message } from '@/lib/actions/result';
import { getCsvUpload, previewCsvUpload } from '@/lib/import/upload/operations';
import { PREVIEW_ROWS } from '../../../../components/import/wizard/upload/preview-rows';
import { toUploadFacts, type UploadFacts } from '../../../../components/import/wizard/upload/upload-request';
import type { PreviewRows } from '../../../../components/import/wizard/upload/upload-state';

export type LoadedUpload =
  | { ok: true; upload: UploadFacts; preview: PreviewRows | null }
  | { ok: false; error: Message };

/**
 * An earlier upload for `/imports/new?upload=<id>`, as the signed-in user may see it: its facts and
 * first rows when the server accepted it, else why it cannot be used.
 */
export async function loadUpload(id: string): Promise<LoadedUpload> {
  const found = await runAsCurrentUser(getCsvUpload, { id });
  if (!found.ok) {
    // A malformed id is an upload that does not exist.
    return { ok: false, error: found.status === 400 || found.status === 404 ? { key: 'wizardUpload.errors.uploadNotFound' } : found.error };
  }
  const upload = found.data;
  if (upload.error) return { ok: false, error: upload.error };
  if (upload.status !== 'ready') return { ok: false, error: { key: 'wizardUpload.errors.uploadNotReady' } };
  const preview = await runAsCurrentUser(previewCsvUpload, { id, rows: PREVIEW_ROWS });
  return {
    ok: true,
    upload: toUploadFacts(upload),
    preview: preview.ok ? { headers: preview.data.headers, rows: preview.data.rows } : null,
  };
}
