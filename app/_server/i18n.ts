import { cache } from 'react';
import { cookies, headers } from 'next/headers';
import { getCurrentUser } from '../../lib/auth/session';
import { LOCALE_COOKIE, type Locale } from '../../lib/i18n/config';
import { chooseLocale } from '../../lib/i18n/negotiate';
import { getTranslator } from '../../lib/i18n/translator';

export const getRequestLocale = cache(async (): Promise<Locale> => {
  const current = await getCurrentUser();
  const cookie = (await cookies()).get(LOCALE_COOKIE)?.value;
  const acceptLanguage = (await headers()).get('accept-language');
  return chooseLocale({ saved: current?.user.locale, cookie, acceptLanguage });
});

/** The translate function for the current request's language, for server components. */
export async function getServerT() {
  return getTranslator(await getRequestLocale());
}
