'use server';

import { runAsCurrentUser } from '@/lib/actions/bind';
import { chooseUploadSheet } from '@/lib/import/upload/xlsx/sheet-operations';

// Thin on purpose: the operation checks the permission, the uploader and the input itself.

export async function chooseUploadSheetAction(input: unknown) {
  return runAsCurrentUser(chooseUploadSheet, input);
}
