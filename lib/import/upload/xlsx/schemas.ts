import { z } from 'zod';

/** Excel's limit on a sheet name is 31 characters; a bit of room for other writers. */
export const SHEET_NAME_MAX = 255;

export const chooseSheetSchema = z.object({
  id: z.uuid(),
  sheetName: z.string().min(1, 'errors.required').max(SHEET_NAME_MAX, 'errors.tooLong'),
});
export type ChooseSheetInput = z.input<typeof chooseSheetSchema>;
