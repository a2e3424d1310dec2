import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { queryRows, type DatabaseHandle } from '@/db/client';
import { auditLog, personalAccessTokens, roles, grants, users } from '@/db/schema';
import { executeOperation, type OperationContext } from '@/lib/actions/operation';
import { hasPermission } from '@/lib/auth/access';
import type { Permission } from '@/lib/auth/permissions';
import { takeRateLimit } from '@/lib/api/rate-limit';
import { createMyToken, listMyTokens, revokeMyToken } from '@/lib/tokens/operations';
import { hashToken } from '@/lib/tokens/secret';
import { verifyToken } from '@/lib/tokens/verify';
import { createActor } from '../support/fixtures';
import { createTestDatabase } from '../support/test-db';

const VIEW: Permission = 'externalContacts:contact:view';
const ADD_JOB: Permission = 'externalContacts:importJob:add';
const ADMIN: Permission = 'admin:users:manage';

let handle: DatabaseHandle;
let owner: OperationContext;
let other: OperationContext;

beforeAll(async () => {
  handle = await createTestDatabase();
  owner = await createActor(handle.db, [VIEW, ADD_JOB]);
  other = await createActor(handle.db, [VIEW, ADD_JOB]);
});
afterAll(async () => { await handle?.close(); });

async function create(actor: OperationContext, input: Record<string, unknown>) {
  const result = await executeOperation(createMyToken, { name: 'Nightly sync', expiresInDays: 30, ...input }, actor);
  if (!result.ok) throw new Error(`create refused: ${JSON.stringify(result)}`);
  return result.data;
}

const tokenCount = async () => (await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from personal_access_tokens`))[0].n;

describe('creating a token', () => {
  it('shows the secret once and stores only its SHA-256', async () => {
    const created = await create(owner, {});
    expect(created.token).toMatch(/^cbi_[A-Za-z0-9_-]{43}$/);
    expect(created).toMatchObject({ name: 'Nightly sync', permissions: null, status: 'active', prefix: created.token.slice(0, 12) });
    const expected = Date.now() + 30 * 86_400_000;
    expect(Math.abs(created.expiresAt.getTime() - expected)).toBeLessThan(60_000);
    const [row] = await handle.db.select().from(personalAccessTokens).where(eq(personalAccessTokens.id, created.id));
    expect(row.tokenHash).toBe(hashToken(created.token));
    // The secret itself is nowhere in the database: not in the row, not in the audit trail.
    const everything = JSON.stringify(await queryRows(handle.db, sql`select * from personal_access_tokens`))
      + JSON.stringify(await handle.db.select().from(auditLog));
    expect(everything).not.toContain(created.token.slice(4));
    const listed = await executeOperation(listMyTokens, {}, owner);
    expect(listed.ok && listed.data.find((t) => t.id === created.id)).not.toHaveProperty('token');
    const [audit] = await handle.db.select().from(auditLog)
      .where(and(eq(auditLog.action, 'token.create'), eq(auditLog.targetId, created.id)));
    expect(audit.actorUserId).toBe(owner.user.id);
  });

  it('narrows to permissions the owner holds, and refuses any other, writing nothing', async () => {
    const narrowed = await create(owner, { limited: true, permissions: [VIEW] });
    expect(narrowed.permissions).toEqual([VIEW]);
    const before = await tokenCount();
    const wider = await executeOperation(createMyToken, { name: 'x', expiresInDays: 1, limited: true, permissions: [VIEW, ADMIN] }, owner);
    expect(wider).toMatchObject({ ok: false, status: 400, fieldErrors: { permissions: [{ key: 'api.errors.permissionNotHeld' }] } });
    const empty = await executeOperation(createMyToken, { name: 'x', expiresInDays: 1, limited: true, permissions: [] }, owner);
    expect(empty).toMatchObject({ ok: false, status: 400, fieldErrors: { permissions: [{ key: 'api.errors.permissionsRequired' }] } });
    for (const days of [0, 366, 1.5]) {
      const result = await executeOperation(createMyToken, { name: 'x', expiresInDays: days }, owner);
      expect(result, `${days} days`).toMatchObject({ ok: false, status: 400, fieldErrors: { expiresInDays: [{ key: 'api.errors.expiryRange' }] } });
    }
    expect(await tokenCount()).toBe(before);
  });
});

describe('verifying a token', () => {
  it('acts as its user with the user\'s access, narrowed when the token says so', async () => {
    const all = await create(owner, {});
    const narrowed = await create(owner, { limited: true, permissions: [VIEW] });
    const full = await verifyToken(handle.db, all.token);
    expect(full).toMatchObject({ ok: true, tokenId: all.id, actor: { user: { id: owner.user.id, email: owner.user.email } } });
    if (!full.ok) return;
    expect(hasPermission(full.actor.access, ADD_JOB)).toBe(true);
    const only = await verifyToken(handle.db, narrowed.token);
    if (!only.ok) throw new Error('refused');
    expect(hasPermission(only.actor.access, VIEW)).toBe(true);
    expect(hasPermission(only.actor.access, ADD_JOB)).toBe(false);
  });

  it('follows the user\'s grants as they are now: a permission removed from the user leaves the token too', async () => {
    const user = await createActor(handle.db, [VIEW, ADD_JOB]);
    const token = await create(user, { limited: true, permissions: [VIEW, ADD_JOB] });
    const [grant] = await handle.db.select().from(grants).where(eq(grants.userId, user.user.id));
    await handle.db.update(roles).set({ permissions: [VIEW] }).where(eq(roles.id, grant.roleId));
    const check = await verifyToken(handle.db, token.token);
    if (!check.ok) throw new Error('refused');
    expect(hasPermission(check.actor.access, ADD_JOB)).toBe(false);
    expect(hasPermission(check.actor.access, VIEW)).toBe(true);
  });

  it('refuses a missing, malformed, unknown, expired or revoked token, and the token of a deactivated user', async () => {
    expect(await verifyToken(handle.db, null)).toEqual({ ok: false, reason: 'missing' });
    expect(await verifyToken(handle.db, 'not-a-token')).toEqual({ ok: false, reason: 'invalid' });
    const live = await create(owner, {});
    const tampered = `${live.token.slice(0, -1)}${live.token.endsWith('A') ? 'B' : 'A'}`;
    expect(await verifyToken(handle.db, tampered)).toEqual({ ok: false, reason: 'invalid' });

    const expiring = await create(owner, {});
    await handle.db.update(personalAccessTokens).set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(personalAccessTokens.id, expiring.id));
    expect(await verifyToken(handle.db, expiring.token)).toEqual({ ok: false, reason: 'expired' });

    const revoked = await create(owner, {});
    expect(await executeOperation(revokeMyToken, { id: revoked.id }, owner)).toMatchObject({ ok: true, data: { status: 'revoked' } });
    expect(await verifyToken(handle.db, revoked.token)).toEqual({ ok: false, reason: 'revoked' });

    const leaver = await createActor(handle.db, [VIEW]);
    const leaverToken = await create(leaver, {});
    expect((await verifyToken(handle.db, leaverToken.token)).ok).toBe(true);
    await handle.db.update(users).set({ active: false }).where(eq(users.id, leaver.user.id));
    expect(await verifyToken(handle.db, leaverToken.token)).toEqual({ ok: false, reason: 'invalid' });
  });
});

describe('managing tokens', () => {
  it('lists and revokes only the caller\'s own tokens', async () => {
    const mine = await create(owner, { name: 'Mine' });
    const theirs = await create(other, { name: 'Theirs' });
    const listed = await executeOperation(listMyTokens, {}, owner);
    if (!listed.ok) throw new Error('refused');
    expect(listed.data.map((t) => t.id)).toContain(mine.id);
    expect(listed.data.map((t) => t.id)).not.toContain(theirs.id);

    expect(await executeOperation(revokeMyToken, { id: theirs.id }, owner)).toMatchObject({ ok: false, status: 404 });
    expect((await verifyToken(handle.db, theirs.token)).ok).toBe(true);
    const [row] = await handle.db.select().from(personalAccessTokens).where(eq(personalAccessTokens.id, theirs.id));
    expect(row.revokedAt).toBeNull();

    expect(await executeOperation(revokeMyToken, { id: mine.id }, owner)).toMatchObject({ ok: true });
    // Twice: nothing more happens, and one audit row says it.
    expect(await executeOperation(revokeMyToken, { id: mine.id }, owner)).toMatchObject({ ok: true, data: { status: 'revoked' } });
    const audits = await handle.db.select().from(auditLog).where(and(eq(auditLog.action, 'token.revoke'), eq(auditLog.targetId, mine.id)));
    expect(audits).toHaveLength(1);
  });

  it('is refused to a user without any grant', async () => {
    const nobody = await createActor(handle.db, []);
    expect(await executeOperation(createMyToken, { name: 'x', expiresInDays: 1 }, nobody)).toMatchObject({ ok: false, status: 403 });
    expect(await executeOperation(listMyTokens, {}, nobody)).toMatchObject({ ok: false, status: 403 });
  });
});

describe('the rate limit', () => {
  it('counts calls per token in a window, then refuses until it ends; another token is not affected', async () => {
    const busy = await create(owner, {});
    const calm = await create(owner, {});
    const decisions = [];
    for (let i = 0; i < 4; i += 1) decisions.push(await takeRateLimit(handle.db, busy.id, 3));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false]);
    expect(decisions.map((d) => d.remaining)).toEqual([2, 1, 0, 0]);
    expect(decisions[3].resetSeconds).toBeGreaterThanOrEqual(1);
    expect(decisions[3].resetSeconds).toBeLessThanOrEqual(60);
    expect((await takeRateLimit(handle.db, calm.id, 3)).allowed).toBe(true);
    // The window over, the count starts again.
    await handle.db.update(personalAccessTokens).set({ rateWindowStart: new Date(Date.now() - 61_000) })
      .where(eq(personalAccessTokens.id, busy.id));
    expect(await takeRateLimit(handle.db, busy.id, 3)).toMatchObject({ allowed: true, remaining: 2 });
    const [row] = await handle.db.select().from(personalAccessTokens).where(eq(personalAccessTokens.id, busy.id));
    expect(row.lastUsedAt).not.toBeNull();
  });

  it('counts concurrent calls one by one', async () => {
    const token = await create(owner, {});
    const decisions = await Promise.all(Array.from({ length: 8 }, () => takeRateLimit(handle.db, token.id, 5)));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(5);
  });
});
