import type { TokenRow } from '../../db/queries/tokens';
import type { Permission } from '../auth/permissions';

export type TokenStatus = 'active' | 'expired' | 'revoked';

export interface TokenView {
  id: string;
  name: string;
  prefix: string;
  /** Null: all of the owner's permissions. */
  permissions: Permission[] | null;
  status: TokenStatus;
  expiresAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  createdAt: Date;
}

export function tokenStatus(row: Pick<TokenRow, 'revokedAt' | 'expiresAt'>, now: Date): TokenStatus {
  if (row.revokedAt) return 'revoked';
  return row.expiresAt.getTime() <= now.getTime() ? 'expired' : 'active';
}

export function toTokenView(row: TokenRow, now: Date): TokenView {
  return {
    id: row.id, name: row.name, prefix: row.prefix, permissions: row.permissions as Permission[] | null,
    status: tokenStatus(row, now), expiresAt: row.expiresAt, revokedAt: row.revokedAt,
    lastUsedAt: row.lastUsedAt, createdAt: row.createdAt,
  };
}
