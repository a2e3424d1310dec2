import { describe, expect, it } from 'vitest';
import { unstorableTextPath } from '@/lib/actions/storable-text';

describe('unstorableTextPath', () => {
  it('names the first string with a NUL, however deep', () => {
    expect(unstorableTextPath({ name: 'ok', profile: { matchBy: ['email', 'ph\u0000one'] } })).toBe('profile.matchBy.1');
    expect(unstorableTextPath('a\u0000')).toBe('_form');
    expect(unstorableTextPath({ ['ke\u0000y']: 'value' })).toBe('_form');
  });

  it('passes ordinary text, other control characters and non-strings', () => {
    expect(unstorableTextPath({ name: 'Zoé \t\u0001 ☎', n: 3, list: [null, true, { x: '' }] })).toBeNull();
    expect(unstorableTextPath(undefined)).toBeNull();
  });
});
