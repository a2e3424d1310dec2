import { describe, expect, it } from 'vitest';
import { safeCallbackPath } from '@/lib/auth/safe-redirect';

const HOSTILE = [
  '//evil.example', '///evil.example', '////evil.example/x',
  'https://evil.example', 'http://evil.example/', 'HTTPS://evil.example', 'javascript:alert(1)', 'data:text/html,x',
  '/\\evil.example', '/\\/evil.example', '\\\\evil.example', '\\/evil.example',
  '/%5Cevil.example', '/%5cevil.example', '/%255Cevil.example', '/%25255Cevil.example',
  '/%09/evil.example', '/\t/evil.example', '/%0A/evil.example', '/%0D/evil.example', '/\n/evil.example', '/%20/evil.example',
  '/%2F/evil.example', '/%2f%2fevil.example', '%2F%2Fevil.example', '/%252F/evil.example',
  ' /evil', '/ /evil.example', '/\u3000/evil.example', '/%E3%80%80/evil.example',
  'evil.example', '', '/%', '/%zz', '/%25252525255Cevil',
];

const SAFE: Array<[string, string]> = [
  ['/', '/'],
  ['/imports', '/imports'],
  ['/imports/new?step=2', '/imports/new?step=2'],
  ['/contacts?q=a%20b#top', '/contacts?q=a%20b#top'],
  ['/admin/users/123', '/admin/users/123'],
];

describe('safeCallbackPath', () => {
  it.each(HOSTILE)('refuses %j (falls back to /)', (value) => {
    expect(safeCallbackPath(value)).toBe('/');
  });

  it.each(SAFE)('keeps the same-origin path %j', (value, expected) => {
    expect(safeCallbackPath(value)).toBe(expected);
  });

  it('refuses what is not a string', () => {
    for (const value of [undefined, null, 42, ['/imports'], { toString: () => '/x' }]) expect(safeCallbackPath(value)).toBe('/');
  });

  it('never returns a value a browser would send to another host', () => {
    for (const value of [...HOSTILE, ...SAFE.map(([v]) => v)]) {
      const target = new URL(safeCallbackPath(value), 'https://app.example');
      expect(target.host).toBe('app.example');
    }
  });
});
