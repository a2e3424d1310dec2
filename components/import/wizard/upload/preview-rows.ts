/** Rows shown in the preview of the upload step, read in the browser or from the server. */
export const PREVIEW_ROWS = 10;
