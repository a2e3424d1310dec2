import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Access } from '@/lib/auth/access';
import { hasPermission } from '@/lib/auth/access';
import type { Permission } from '@/lib/auth/permissions';
import { errorCode, toApiErrorBody } from '@/lib/api/errors';
import { bearerToken } from '@/lib/api/handle-call';
import { apiLocale } from '@/lib/api/locale';
import { apiRateLimit } from '@/lib/api/rate-limit';
import { readConfig } from '@/lib/config';
import { heldPermissions, narrowAccess } from '@/lib/tokens/narrow-access';
import { createTokenSecret, hashToken, isSameHash, isTokenShaped } from '@/lib/tokens/secret';

const VIEW: Permission = 'externalContacts:contact:view';
const ADD_JOB: Permission = 'externalContacts:importJob:add';
const EDIT_SOURCE: Permission = 'externalContacts:externalSource:edit';

function access(all: Permission[], byDivision: Record<string, Permission[]> = {}): Access {
  return {
    userId: 'u', allDivisions: new Set(all),
    byDivision: new Map(Object.entries(byDivision).map(([d, ps]) => [d, new Set(ps)])),
  };
}

describe('token secrets', () => {
  it('are cbi_ and 32 random bytes, each different, with a short display prefix', () => {
    const tokens = Array.from({ length: 50 }, () => createTokenSecret());
    for (const { token, prefix, hash } of tokens) {
      expect(token).toMatch(/^cbi_[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(token.slice(4), 'base64url')).toHaveLength(32);
      expect(isTokenShaped(token)).toBe(true);
      expect(token.startsWith(prefix)).toBe(true);
      expect(prefix).toHaveLength(12);
      expect(hash).toBe(createHash('sha256').update(token).digest('hex'));
      expect(hash).not.toContain(token.slice(4));
    }
    expect(new Set(tokens.map((t) => t.token)).size).toBe(50);
  });

  it('refuse what is not shaped like a token', () => {
    for (const value of ['', 'cbi_', 'cbi_short', `xyz_${'a'.repeat(43)}`, `cbi_${'a'.repeat(42)}!`, `cbi_${'a'.repeat(44)}`]) {
      expect(isTokenShaped(value), value).toBe(false);
    }
  });

  it('compare hashes exactly', () => {
    const hash = hashToken('cbi_x');
    expect(isSameHash(hash, hashToken('cbi_x'))).toBe(true);
    expect(isSameHash(hash, hashToken('cbi_y'))).toBe(false);
    expect(isSameHash(hash, hash.slice(0, 10))).toBe(false);
  });
});

describe('narrowing a token', () => {
  const user = access([VIEW], { d1: [ADD_JOB, EDIT_SOURCE], d2: [ADD_JOB] });

  it('keeps all of the user\'s access without a list', () => {
    expect(narrowAccess(user, null)).toBe(user);
  });

  it('keeps only the listed permissions, division by division', () => {
    const narrowed = narrowAccess(user, [ADD_JOB]);
    expect(hasPermission(narrowed, ADD_JOB, 'd1')).toBe(true);
    expect(hasPermission(narrowed, ADD_JOB, 'd2')).toBe(true);
    expect(hasPermission(narrowed, VIEW)).toBe(false);
    expect(hasPermission(narrowed, EDIT_SOURCE, 'd1')).toBe(false);
  });

  it('never widens: a listed permission the user lacks (or lost) stays refused', () => {
    const narrowed = narrowAccess(user, [VIEW, 'admin:users:manage', 'not-a-permission']);
    expect(hasPermission(narrowed, 'admin:users:manage')).toBe(false);
    expect(hasPermission(narrowed, VIEW, 'd2')).toBe(true);
    expect(heldPermissions(narrowed)).toEqual(new Set([VIEW]));
  });

  it('offers the union of the user\'s permissions', () => {
    expect(heldPermissions(user)).toEqual(new Set([VIEW, ADD_JOB, EDIT_SOURCE]));
  });
});

describe('API answers', () => {
  it('give stable codes from the message keys', () => {
    expect(errorCode('errors.notFound')).toBe('notFound');
    expect(errorCode('uploads.errors.fileTooLarge')).toBe('uploads.fileTooLarge');
    expect(errorCode('api.errors.tokenExpired')).toBe('api.tokenExpired');
  });

  it('write messages in English or French, per field too', () => {
    const body = toApiErrorBody({ key: 'errors.invalidInput' }, { name: [{ key: 'errors.tooLong', params: { max: 200 } }] }, 'fr');
    expect(body.error.code).toBe('invalidInput');
    expect(body.fieldErrors?.name[0]).toEqual({ code: 'tooLong', message: expect.stringContaining('200') });
    expect(toApiErrorBody({ key: 'api.errors.tokenRevoked' }, undefined, 'en').error.message).toBe('This token was revoked.');
    expect(toApiErrorBody({ key: 'api.errors.tokenRevoked' }, undefined, 'fr').error.message).toBe('Ce jeton a été révoqué.');
  });

  it('read the bearer token and the language of a request', () => {
    const request = (headers: Record<string, string>) => new Request('http://x/api/v1/jobs', { headers });
    expect(bearerToken(request({ Authorization: 'Bearer cbi_abc' }))).toBe('cbi_abc');
    expect(bearerToken(request({ Authorization: 'bearer  cbi_abc ' }))).toBe('cbi_abc');
    expect(bearerToken(request({ Authorization: 'Basic abc' }))).toBeNull();
    expect(bearerToken(request({}))).toBeNull();
    expect(apiLocale(request({ 'Accept-Language': 'fr-CA,fr;q=0.9' }), 'en')).toBe('fr');
    expect(apiLocale(request({}), 'fr')).toBe('fr');
    expect(apiLocale(request({}), null)).toBe('en');
  });

  it('take the rate limit from the environment', () => {
    expect(apiRateLimit(readConfig({}))).toBe(600);
    expect(apiRateLimit(readConfig({ API_RATE_LIMIT_PER_MINUTE: '30' }))).toBe(30);
    expect(() => readConfig({ API_RATE_LIMIT_PER_MINUTE: 'x' })).toThrow(/API_RATE_LIMIT_PER_MINUTE must be a whole number/);
  });
});
