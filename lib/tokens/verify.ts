import type { AppDatabase } from '../../db/client';
import { findTokenByHash } from '../../db/queries/tokens';
import { loadAccess } from '../../db/queries/access';
import type { Actor } from '../actions/operation';
import { narrowAccess } from './narrow-access';
import { hashToken, isSameHash, isTokenShaped } from './secret';

export type TokenRefusal = 'missing' | 'invalid' | 'expired' | 'revoked';

export type TokenCheck =
  | { ok: true; tokenId: string; actor: Actor }
  | { ok: false; reason: TokenRefusal };

/**
 * The caller behind a token: its user, with the user's access as it is now narrowed to the
 * token's permissions. Refused when unknown, expired, revoked, or when the user was deactivated.
 */
export async function verifyToken(db: AppDatabase, token: string | null, now = new Date()): Promise<TokenCheck> {
  if (!token) return { ok: false, reason: 'missing' };
  if (!isTokenShaped(token)) return { ok: false, reason: 'invalid' };
  const hash = hashToken(token);
  const found = await findTokenByHash(db, hash);
  // The lookup is by an index on the hash; comparing again in constant time costs nothing.
  if (!found || !isSameHash(found.token.tokenHash, hash) || !found.user.active) return { ok: false, reason: 'invalid' };
  if (found.token.revokedAt) return { ok: false, reason: 'revoked' };
  if (found.token.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
  const { active: _active, ...user } = found.user;
  const access = narrowAccess(await loadAccess(db, user.id), found.token.permissions);
  return { ok: true, tokenId: found.token.id, actor: { user, access } };
}
