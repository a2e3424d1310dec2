const BASE = 'http://same-origin.invalid';
const MAX_DECODES = 3;

/**
 * Where to go after signing in: `callbackUrl` when it is a path of this site, `/` otherwise.
 * Browsers read `/\evil.example` and `/<tab>/evil.example` as `//evil.example` (another host), and
 * a value may be encoded once more than it looks, so each decoding of its path is checked: no
 * backslash, no control or white-space character, no `//` start, and the resolved URL must stay
 * on this origin.
 */
export function safeCallbackPath(raw: unknown): string {
  if (typeof raw !== 'string' || !raw.startsWith('/') || raw.length > 2048) return '/';
  let layer = raw;
  for (let i = 0; i <= MAX_DECODES; i += 1) {
    if (!isPlainPath(layer)) return '/';
    let decoded: string;
    try {
      decoded = decodeURIComponent(layer);
    } catch {
      return '/';
    }
    if (decoded === layer) break;
    if (i === MAX_DECODES) return '/';
    layer = decoded;
  }
  const url = new URL(raw, BASE);
  if (url.origin !== BASE) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}

/** Only what comes before the query and fragment can name a host. */
function isPlainPath(layer: string): boolean {
  const value = layer.split(/[?#]/, 1)[0];
  return value.startsWith('/') && !value.startsWith('//') && !value.includes('\\')
    && !/[\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200f\u2028\u2029\u202f\u205f\u3000\ufeff]/.test(value);
}
