'use server';

import { revalidatePath } from 'next/cache';
import { runAsCurrentUser } from '@/lib/actions/bind';
import {
  countWizardDropContacts, previewWizardSettings, saveWizardDraft, startWizardImport,
} from '@/lib/import/wizard/operations';

// Thin on purpose: each operation checks the permission and parses the input itself.

export async function previewWizardSettingsAction(input: unknown) {
  return runAsCurrentUser(previewWizardSettings, input);
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
