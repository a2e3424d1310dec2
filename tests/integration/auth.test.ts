import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase } from '../support/test-db';
import type { DatabaseHandle } from '@/db/client';
import { users } from '@/db/schema';
import { checkCredentials } from '@/lib/auth/credentials';
import { hashPassword } from '@/lib/auth/password';
import { ensureAuthSecret } from '@/lib/startup';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
  await handle.db.insert(users).values([
    { email: 'ana@example.test', name: 'Ana', passwordHash: await hashPassword('correct horse battery') },
    { email: 'gone@example.test', name: 'Gone', passwordHash: await hashPassword('correct horse battery'), active: false },
  ]);
});
afterAll(async () => { await handle?.close(); });

describe('checkCredentials', () => {
  it('accepts the right password, whatever the case of the e-mail', async () => {
    const result = await checkCredentials(handle.db, ' ANA@example.test ', 'correct horse battery', '10.0.0.1');
    expect(result).toMatchObject({ ok: true, user: { email: 'ana@example.test', name: 'Ana' } });
  });

  it('refuses a wrong password, an unknown e-mail and a deactivated user alike', async () => {
    for (const [email, password] of [['ana@example.test', 'nope'], ['who@example.test', 'x'], ['gone@example.test', 'correct horse battery']]) {
      expect(await checkCredentials(handle.db, email, password, '10.0.0.2')).toEqual({ ok: false, reason: 'invalidCredentials' });
    }
  });

  it('blocks an e-mail after five failures, even with the right password, and records every attempt', async () => {
    const email = 'ana@example.test';
    await checkCredentials(handle.db, email, 'correct horse battery', '10.0.0.3');
    for (let i = 0; i < 5; i += 1) {
      expect((await checkCredentials(handle.db, email, `wrong-${i}`, '10.0.0.3')).ok).toBe(false);
    }
    expect(await checkCredentials(handle.db, email, 'correct horse battery', '10.0.0.3'))
      .toEqual({ ok: false, reason: 'rateLimited' });
    expect(await checkCredentials(handle.db, 'other@example.test', 'x', '10.0.0.4'))
      .toEqual({ ok: false, reason: 'invalidCredentials' });
  });
});

describe('session secret', () => {
  it('is generated once and shared by every instance on the same database', async () => {
    const saved = process.env.NEXTAUTH_SECRET;
    delete process.env.NEXTAUTH_SECRET;
    try {
      const first = await ensureAuthSecret(handle.db);
      expect(first.length).toBeGreaterThanOrEqual(40);
      expect(await ensureAuthSecret(handle.db)).toBe(first);
    } finally {
      if (saved !== undefined) process.env.NEXTAUTH_SECRET = saved;
    }
  });

  it('a deactivated account stays in the database (nothing erased)', async () => {
    const [gone] = await handle.db.select().from(users).where(eq(users.email, 'gone@example.test'));
    expect(gone.active).toBe(false);
  });
});
