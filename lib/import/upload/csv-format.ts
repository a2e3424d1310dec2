/** Field separators a file may use, in the order that breaks ties (comma first: the CSV default). */
export const SEPARATORS = [',', ';', '\t'] as const;
export type Separator = (typeof SEPARATORS)[number];

export type Newline = '\n' | '\r\n' | '\r';

export const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;

export function isSeparator(value: unknown): value is Separator {
  return typeof value === 'string' && (SEPARATORS as readonly string[]).includes(value);
}

export function startsWithBom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === UTF8_BOM[0] && bytes[1] === UTF8_BOM[1] && bytes[2] === UTF8_BOM[2];
}
