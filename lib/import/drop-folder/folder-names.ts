/** The most a folder name takes, in UTF-8 bytes: well under NAME_MAX (255) on every file system. */
const MAX_NAME_BYTES = 120;
// Windows device names, refused as file names with or without an extension.
const RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$/i;
const UNSAFE = /[<>:"/\\|?*\u0000-\u001f\u007f]/g;

/**
 * A profile name as a folder name that every file system (Linux, macOS, Windows shares) takes:
 * characters some refuse become `_`, blanks collapse, leading dots (hidden, `..`) and trailing
 * dots and blanks (dropped by Windows) go, device names get a `_`, and it is cut to 120 bytes.
 */
export function safeFolderName(profileName: string): string {
  let name = profileName.normalize('NFC').replace(UNSAFE, '_').replace(/\s+/g, ' ').trim();
  name = name.replace(/^[.\s]+/, '');
  name = cutToBytes(name, MAX_NAME_BYTES).replace(/[.\s]+$/, '');
  if (RESERVED.test(name)) name = `${name}_`;
  return name || '_';
}

function cutToBytes(text: string, maxBytes: number): string {
  const encoder = new TextEncoder();
  if (encoder.encode(text).length <= maxBytes) return text;
  let out = '';
  let bytes = 0;
  for (const char of text) {
    bytes += encoder.encode(char).length;
    if (bytes > maxBytes) break;
    out += char;
  }
  return out;
}

export interface NamedProfile {
  id: string;
  name: string;
  createdAt: Date;
}

/**
 * The folder name of each profile. Two profiles whose safe names are equal (ignoring case, as
 * Windows and macOS do) would share a folder: the older keeps the name, the others get their
 * id's first 8 characters appended, e.g. `Sales _ (1a2b3c4d)`.
 */
export function assignFolderNames(profiles: readonly NamedProfile[]): Map<string, string> {
  const ordered = [...profiles].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  const taken = new Set<string>();
  const names = new Map<string, string>();
  for (const profile of ordered) {
    let name = safeFolderName(profile.name);
    if (taken.has(name.toLowerCase())) name = `${name} (${profile.id.slice(0, 8)})`;
    taken.add(name.toLowerCase());
    names.set(profile.id, name);
  }
  return names;
}
