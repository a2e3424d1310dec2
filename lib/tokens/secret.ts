import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Tokens read `cbi_` + 43 base64url characters (32 random bytes): easy to spot in a leaked file. */
export const TOKEN_MARK = 'cbi_';
const SECRET_BYTES = 32;
const TOKEN_PATTERN = /^cbi_[A-Za-z0-9_-]{43}$/;
/** How much of the token the profile page shows: the mark and 8 characters of the secret. */
const PREFIX_LENGTH = TOKEN_MARK.length + 8;

export interface NewTokenSecret {
  /** Shown once to its owner, never stored. */
  token: string;
  prefix: string;
  hash: string;
}

/**
 * SHA-256, unsalted: the secret has 256 bits of entropy, so no dictionary or brute force can
 * reach it, and a slow hash (bcrypt) would cost every API call its time for nothing.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function createTokenSecret(): NewTokenSecret {
  const token = `${TOKEN_MARK}${randomBytes(SECRET_BYTES).toString('base64url')}`;
  return { token, prefix: token.slice(0, PREFIX_LENGTH), hash: hashToken(token) };
}

export function isTokenShaped(value: string): boolean {
  return TOKEN_PATTERN.test(value);
}

/** Compares two hex digests in constant time. */
export function isSameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
