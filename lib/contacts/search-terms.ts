/** Escapes LIKE wildcards so that what the user typed is matched literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The digits to look for in stored E.164 phones when the search text looks like a phone number
 * ("+1 415 555", "(415) 555-01"), else null. A leading international "00" stands for "+".
 */
export function phoneSearchDigits(text: string): string | null {
  const trimmed = text.trim();
  if (!/^[+\d\s().\-/]+$/.test(trimmed)) return null;
  let digits = trimmed.replace(/\D/g, '');
  if (trimmed.startsWith('00')) digits = digits.slice(2);
  return digits.length >= 3 ? digits : null;
}
