import { cookies } from 'next/headers';
import { decode, encode } from 'next-auth/jwt';
import { eq } from 'drizzle-orm';
import { getDb } from '../../db';
import { users } from '../../db/schema';
import { authOptions } from '../../lib/auth/options';

const COOKIE_NAMES = ['__Secure-next-auth.session-token', 'next-auth.session-token'] as const;

/**
 * After the signed-in user's own password was changed, their other sessions end (their session
 * version no longer matches) but the one that made the change goes on: its cookie is written
 * again with the new version. For server actions only (they may set cookies).
 */
export async function keepOwnSession(userId: string): Promise<void> {
  const jar = await cookies();
  const name = COOKIE_NAMES.find((candidate) => jar.has(candidate));
  const secret = authOptions.secret;
  if (!name || !secret) return;
  const token = await decode({ token: jar.get(name)!.value, secret });
  if (!token || token.sub !== userId) return;
  const [row] = await (await getDb()).select({ sv: users.sessionVersion }).from(users).where(eq(users.id, userId)).limit(1);
  if (!row) return;
  const maxAge = authOptions.session?.maxAge ?? 8 * 3600;
  jar.set(name, await encode({ token: { ...token, sv: row.sv }, secret, maxAge }), {
    httpOnly: true, sameSite: 'lax', path: '/', secure: name.startsWith('__Secure-'), maxAge,
  });
}
