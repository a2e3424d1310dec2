import { PROFILE_NAME_MAX } from './schemas';

/** "<name> (copy)" for 1, "<name> (copy 2)" for 2 and up, in the reader's language. */
export type CopyNameFormat = (name: string, number: number) => string;

/** Cuts to `length` UTF-16 units without splitting a character made of two. */
function cut(text: string, length: number): string {
  const end = /[\uDC00-\uDFFF]/.test(text.charAt(length)) ? length - 1 : length;
  return text.slice(0, Math.max(0, end)).trimEnd();
}

/**
 * The first free name among "<name> (copy)", "<name> (copy 2)", ...; `taken` holds lower-cased
 * names (uniqueness ignores case). A long name is shortened so that the copy's name fits.
 */
export function pickCopyName(name: string, format: CopyNameFormat, taken: ReadonlySet<string>, max = PROFILE_NAME_MAX): string {
  for (let number = 1; ; number += 1) {
    const overflow = format(name, number).length - max;
    const candidate = overflow > 0 ? format(cut(name, name.length - overflow), number) : format(name, number);
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}

/** The part of a name every copy's name contains, to look up the names already taken. */
export const copyNameFragment = (name: string) => cut(name, Math.min(name.length, 100));
