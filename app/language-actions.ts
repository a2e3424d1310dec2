'use server';

import { cookies } from 'next/headers';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db';
import { users } from '@/db/schema';
import { getCurrentUser } from '@/lib/auth/session';
import { LOCALE_COOKIE, isLocale } from '@/lib/i18n/config';

/** Anyone may choose their language; a signed-in user's choice is saved on their account. */
export async function changeLanguage(locale: string): Promise<{ ok: boolean }> {
  if (!isLocale(locale)) return { ok: false };
  (await cookies()).set(LOCALE_COOKIE, locale, { path: '/', maxAge: 365 * 24 * 3600, sameSite: 'lax' });
  const current = await getCurrentUser();
  if (current) {
    const db = await getDb();
    await db.update(users).set({ locale, updatedAt: new Date() }).where(eq(users.id, current.user.id));
  }
  return { ok: true };
}
