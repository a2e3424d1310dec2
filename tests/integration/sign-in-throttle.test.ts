import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import { createTestDatabase } from '../support/test-db';
import type { DatabaseHandle } from '@/db/client';
import { signInAttempts, users } from '@/db/schema';
import { clientIp, SOCKET_ADDRESS_HEADER } from '@/lib/auth/client-ip';
import { checkCredentials } from '@/lib/auth/credentials';
import { countPasswordChecks, hashPassword } from '@/lib/auth/password';
import { MAX_FAILURES_PER_EMAIL, MAX_FAILURES_PER_IP } from '@/lib/auth/rate-limit';

// What the credentials provider's authorize does (lib/auth/options.ts), on the test database.
const authorize = (db: DatabaseHandle['db'], email: string, password: string, headers: Record<string, string>) =>
  checkCredentials(db, email, password, clientIp(headers));

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
  await handle.db.insert(users).values({ email: 'target@example.test', name: 'Target', passwordHash: await hashPassword('the right one') });
});
afterAll(async () => { await handle?.close(); });

describe('sign-in throttling under parallel guesses', () => {
  it('checks at most five of 50 parallel wrong passwords for one e-mail; the rest are refused unchecked', async () => {
    const before = countPasswordChecks();
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => authorize(handle.db, 'Target@example.test',
      `guess-${i}`, { [SOCKET_ADDRESS_HEADER]: `10.9.${Math.floor(i / 200)}.${i % 200}` })));
    const checked = countPasswordChecks() - before;
    expect(checked).toBe(MAX_FAILURES_PER_EMAIL);
    expect(results.filter((r) => !r.ok && r.reason === 'invalidCredentials')).toHaveLength(MAX_FAILURES_PER_EMAIL);
    expect(results.filter((r) => !r.ok && r.reason === 'rateLimited')).toHaveLength(50 - MAX_FAILURES_PER_EMAIL);
    const rows = await handle.db.select().from(signInAttempts).where(eq(signInAttempts.email, 'target@example.test'));
    expect(rows).toHaveLength(MAX_FAILURES_PER_EMAIL);
    expect(rows.every((row) => !row.succeeded)).toBe(true);
    // Even the right password is refused now, without being checked.
    expect(await authorize(handle.db, 'target@example.test', 'the right one', { [SOCKET_ADDRESS_HEADER]: '10.9.9.9' }))
      .toEqual({ ok: false, reason: 'rateLimited' });
    expect(countPasswordChecks() - before).toBe(MAX_FAILURES_PER_EMAIL);
  });

  it('ignores X-Forwarded-For without trusted proxies: 25 attempts from one socket are throttled by address', async () => {
    const socket = '203.0.113.9';
    const emails = Array.from({ length: 25 }, (_, i) => `nobody-${i}@example.test`);
    const before = countPasswordChecks();
    const results = await Promise.all(emails.map((email, i) => authorize(handle.db, email, 'x', {
      [SOCKET_ADDRESS_HEADER]: socket, 'x-forwarded-for': `198.51.100.${i}`, 'x-real-ip': `192.0.2.${i}`,
    })));
    expect(countPasswordChecks() - before).toBe(MAX_FAILURES_PER_IP);
    expect(results.filter((r) => !r.ok && r.reason === 'rateLimited')).toHaveLength(25 - MAX_FAILURES_PER_IP);
    const rows = await handle.db.select({ ip: signInAttempts.ip }).from(signInAttempts).where(inArray(signInAttempts.email, emails));
    expect(rows).toHaveLength(MAX_FAILURES_PER_IP);
    expect(new Set(rows.map((row) => row.ip))).toEqual(new Set([socket]));
  });

  it('a client cannot write its own socket address header (the server overwrites it)', async () => {
    // The header is set by lib/auth/socket-address.ts on every request; here: what clientIp reads.
    expect(clientIp({ [SOCKET_ADDRESS_HEADER]: '203.0.113.9', 'x-forwarded-for': '1.2.3.4' }, 0)).toBe('203.0.113.9');
  });
});

describe('clientIp with trusted proxies', () => {
  it('takes the address the given number of hops from the end of X-Forwarded-For + socket', () => {
    const headers = { [SOCKET_ADDRESS_HEADER]: '10.0.0.2', 'x-forwarded-for': 'spoofed, 198.51.100.7, 10.0.0.1' };
    expect(clientIp(headers, 0)).toBe('10.0.0.2');
    expect(clientIp(headers, 1)).toBe('10.0.0.1');
    expect(clientIp(headers, 2)).toBe('198.51.100.7');
    expect(clientIp(headers, 9)).toBe('spoofed');
    expect(clientIp({ [SOCKET_ADDRESS_HEADER]: '10.0.0.2', 'x-real-ip': '198.51.100.8' }, 1)).toBe('198.51.100.8');
    expect(clientIp({ [SOCKET_ADDRESS_HEADER]: '10.0.0.2', 'x-real-ip': '198.51.100.8' }, 0)).toBe('10.0.0.2');
  });
});
