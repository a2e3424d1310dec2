/**
 * The text encodings an upload may be read in: UTF-8 (the default, with or without BOM), UTF-16
 * with its byte order, and the single-byte Western encodings spreadsheets save. Names are the
 * WHATWG labels, stored as such in the `encoding` columns of uploads and import profiles.
 */
export const TEXT_ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252', 'iso-8859-1', 'iso-8859-15'] as const;
export type TextEncoding = (typeof TEXT_ENCODINGS)[number];

/** What a file that is not UTF-8 (and has no UTF-16 byte order mark) is read in. */
export const FALLBACK_ENCODING = 'windows-1252' satisfies TextEncoding;

/** The encodings' own names, the same in every language (messages add what they are for). */
export const ENCODING_NAMES: Record<TextEncoding, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16 LE',
  'utf-16be': 'UTF-16 BE',
  'windows-1252': 'Windows-1252',
  'iso-8859-1': 'ISO-8859-1',
  'iso-8859-15': 'ISO-8859-15',
};

export function isTextEncoding(value: unknown): value is TextEncoding {
  return typeof value === 'string' && (TEXT_ENCODINGS as readonly string[]).includes(value);
}

/** The encoding an upload is read in: what was stored, UTF-8 for uploads made before encodings were stored. */
export function encodingOf(stored: string | null | undefined): TextEncoding {
  return isTextEncoding(stored) ? stored : 'utf-8';
}
