// Files as spreadsheets save them in other encodings than UTF-8, for the tests of the upload's
// encodings (integration, drop folder, browser).

/** Text in Windows-1252 (Latin-1 letters, plus the signs of 0x80-0x9F used in the tests). */
export function cp1252(text: string): Uint8Array {
  const extra: Record<string, number> = { '€': 0x80, 'œ': 0x9c, 'Œ': 0x8c, '’': 0x92 };
  return Uint8Array.from([...text].map((c) => {
    const code = extra[c] ?? c.charCodeAt(0);
    if (code > 0xff) throw new Error(`no Windows-1252 byte for ${c}`);
    return code;
  }));
}

/** Text in UTF-16 with its byte order mark, little- or big-endian. */
export function utf16(text: string, order: 'le' | 'be'): Uint8Array {
  const units = [0xfeff, ...Array.from({ length: text.length }, (_, i) => text.charCodeAt(i))];
  return Uint8Array.from(units.flatMap((u) => (order === 'le' ? [u & 0xff, u >> 8] : [u >> 8, u & 0xff])));
}

/**
 * A French Excel "CSV (séparateur : point-virgule)": semicolons, CRLF, accents, œ and €, « »
 * quotes, a quoted separator. External IDs start with `prefix`.
 */
export function frenchExport(prefix: string): string {
  return 'ID externe;Prénom;Nom;Titre;Ville\r\n'
    + `${prefix}-1;Françoise;Lefèvre;Chargée « clientèle »;Besançon\r\n`
    + `${prefix}-2;Jérôme;Cœur;Responsable à 5 €;Nîmes\r\n`
    + `${prefix}-3;Noël;Brontë;"Directeur; ventes";Hôpital-Camoëns\r\n`;
}

/** The contacts `frenchExport(prefix)` gives once imported. */
export function frenchContacts(prefix: string) {
  return [
    { id: `${prefix}-1`, first: 'Françoise', last: 'Lefèvre', title: 'Chargée « clientèle »', city: 'Besançon' },
    { id: `${prefix}-2`, first: 'Jérôme', last: 'Cœur', title: 'Responsable à 5 €', city: 'Nîmes' },
    { id: `${prefix}-3`, first: 'Noël', last: 'Brontë', title: 'Directeur; ventes', city: 'Hôpital-Camoëns' },
  ];
}

export const FRENCH_MAPPING = { 'ID externe': 'externalId', 'Prénom': 'firstName', 'Nom': 'lastName', 'Titre': 'title', 'Ville': 'city' };
