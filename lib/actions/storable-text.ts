/** Nodes of an input looked at, at most: inputs are small, and a hostile one stays cheap. */
const MAX_NODES = 100_000;

/**
 * The path (`a.b.0`) of the first string in a parsed input that PostgreSQL cannot store (a NUL
 * character, refused by `text` and `jsonb` alike), or null. Objects and arrays are walked; past
 * MAX_NODES the rest is not looked at (a body that large is refused by its size first).
 */
export function unstorableTextPath(input: unknown): string | null {
  const pending: [unknown, string][] = [[input, '']];
  for (let seen = 0; pending.length > 0 && seen < MAX_NODES; seen += 1) {
    const [value, path] = pending.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return path || '_form';
    } else if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (key.includes('\u0000')) return path || '_form';
        pending.push([child, path ? `${path}.${key}` : key]);
      }
    }
  }
  return null;
}
