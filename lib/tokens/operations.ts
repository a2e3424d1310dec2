import { findTokenOfUser, insertToken, listTokensOfUser, revokeTokenOfUser, type TokenRow } from '../../db/queries/tokens';
import { recordAudit } from '../../db/queries/audit';
import { defineOperation } from '../actions/operation';
import { DomainError, notFound } from '../actions/result';
import { ANY_GRANTED_PERMISSION } from '../auth/permissions';
import { heldPermissions } from './narrow-access';
import { createTokenSchema, listMyTokensSchema, tokenIdSchema } from './schemas';
import { createTokenSecret } from './secret';
import { toTokenView, type TokenView } from './view';

// Tokens are their owner's own: every query is by ctx.user.id, so no input reaches another
// user's token (it reads as not found). The permission is "any signed-in user holding some
// grant", as for notifications: a user without a grant has nothing a token could do.
const DAY_MS = 24 * 60 * 60 * 1000;

export const listMyTokens = defineOperation({
  name: 'listMyTokens',
  permission: ANY_GRANTED_PERMISSION,
  input: listMyTokensSchema,
  async run(_input, { db, user }): Promise<TokenView[]> {
    const now = new Date();
    return (await listTokensOfUser(db, user.id)).map((row) => toTokenView(row, now));
  },
});

/** A new token; the secret is in the answer and nowhere else, so it can be shown only once. */
export const createMyToken = defineOperation({
  name: 'createMyToken',
  permission: ANY_GRANTED_PERMISSION,
  input: createTokenSchema,
  async run({ name, expiresInDays, limited, permissions }, { db, user, access }) {
    // A token never widens its owner: each permission asked must be one the owner holds.
    const held = heldPermissions(access);
    if (limited && permissions.some((p) => !held.has(p))) throw new DomainError('api.errors.permissionNotHeld', 400, 'permissions');
    const secret = createTokenSecret();
    return db.transaction(async (tx) => {
      const row: TokenRow = await insertToken(tx, {
        userId: user.id, name, prefix: secret.prefix, tokenHash: secret.hash,
        permissions: limited ? [...new Set(permissions)].sort() : null,
        expiresAt: new Date(Date.now() + expiresInDays * DAY_MS),
      });
      await recordAudit(tx, {
        actorUserId: user.id, action: 'token.create', targetType: 'personalAccessToken', targetId: row.id,
        details: { name, prefix: row.prefix, permissions: row.permissions, expiresAt: row.expiresAt.toISOString() },
      });
      return { ...toTokenView(row, new Date()), token: secret.token };
    });
  },
});

export const revokeMyToken = defineOperation({
  name: 'revokeMyToken',
  permission: ANY_GRANTED_PERMISSION,
  input: tokenIdSchema,
  run: ({ id }, { db, user }) => db.transaction(async (tx): Promise<TokenView> => {
    const revoked = await revokeTokenOfUser(tx, user.id, id);
    if (!revoked) {
      // Revoking twice changes nothing and says so; someone else's token is not found.
      const existing = await findTokenOfUser(tx, user.id, id);
      if (!existing) throw notFound();
      return toTokenView(existing, new Date());
    }
    await recordAudit(tx, {
      actorUserId: user.id, action: 'token.revoke', targetType: 'personalAccessToken', targetId: id,
      details: { name: revoked.name, prefix: revoked.prefix },
    });
    return toTokenView(revoked, new Date());
  }),
});
