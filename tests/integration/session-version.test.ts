import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase } from '../support/test-db';
import { createActor } from '../support/fixtures';
import type { DatabaseHandle } from '@/db/client';
import { users } from '@/db/schema';
import { executeOperation, type OperationContext } from '@/lib/actions/operation';
import { checkCredentials } from '@/lib/auth/credentials';
import { createUser, updateUser } from '@/lib/admin/users-operations';

vi.hoisted(() => { process.env.BCRYPT_COST ??= '4'; });

// The database half of session revocation (the browser half: tests/e2e/session-revocation.spec.ts).
let handle: DatabaseHandle;
let admin: OperationContext;
let userId: string;
const email = 'sessions@example.test';
const version = async () => (await handle.db.select({ v: users.sessionVersion }).from(users).where(eq(users.id, userId)))[0].v;
const update = (changes: Record<string, unknown>) =>
  executeOperation(updateUser, { id: userId, name: 'Sessions', email, active: true, password: '', ...changes }, admin);

beforeAll(async () => {
  handle = await createTestDatabase();
  admin = await createActor(handle.db, ['admin:users:manage'], null);
  const created = await executeOperation(createUser, { name: 'Sessions', email, password: 'first-password-1' }, admin);
  if (!created.ok) throw new Error(JSON.stringify(created));
  userId = created.data.id;
});
afterAll(async () => { await handle?.close(); });

describe('session version', () => {
  it('is carried by a sign-in, raised by a new password and by a deactivation, and kept by other edits', async () => {
    const signedIn = await checkCredentials(handle.db, email, 'first-password-1', '10.7.0.1');
    expect(signedIn).toMatchObject({ ok: true, user: { sessionVersion: 0 } });
    expect((await update({ name: 'Sessions renamed' })).ok).toBe(true);
    expect(await version()).toBe(0);
    expect((await update({ password: 'second-password-2' })).ok).toBe(true);
    expect(await version()).toBe(1);
    expect((await update({ active: false })).ok).toBe(true);
    expect(await version()).toBe(2);
    expect((await update({ active: true })).ok).toBe(true);
    expect(await version()).toBe(2);
    expect(await checkCredentials(handle.db, email, 'second-password-2', '10.7.0.1'))
      .toMatchObject({ ok: true, user: { sessionVersion: 2 } });
  });
});
