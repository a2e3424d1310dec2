'use server';

import { revalidatePath } from 'next/cache';
import { runAsCurrentUser } from '@/lib/actions/bind';
import { previewCsvUpload, rereadCsvUpload } from '@/lib/import/upload/operations';
import {
  countWizardDropContacts, previewWizardSettings, saveWizardDraft, startWizardImport,
} from '@/lib/import/wizard/operations';
import { PREVIEW_ROWS } from '@/components/import/wizard/upload/preview-rows';

// Thin on purpose: each operation checks the permission and parses the input itself.

export async function previewWizardSettingsAction(input: unknown) {
  return runAsCurrentUser(previewWizardSettings, input);
}

/** The upload read again in another encoding, with its new first rows for the upload step. */
export async function rereadUploadAction(input: unknown) {
  const reread = await runAsCurrentUser(rereadCsvUpload, input);
  if (!reread.ok) return reread;
  const preview = await runAsCurrentUser(previewCsvUpload, { id: reread.data.id, rows: PREVIEW_ROWS });
  return { ...reread, preview: preview.ok ? { headers: preview.data.headers, rows: preview.data.rows } : null };
}

export async function saveWizardDraftAction(input: unknown) {
  return runAsCurrentUser(saveWizardDraft, input);
}

export async function countWizardDropContactsAction(input: unknown) {
  return runAsCurrentUser(countWizardDropContacts, input);
}

export async function startWizardImportAction(input: unknown) {
  const result = await runAsCurrentUser(startWizardImport, input);
  if (result.ok) {
    revalidatePath('/imports');
    revalidatePath('/import-profiles');
  }
  return result;
}
