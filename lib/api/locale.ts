import type { Locale } from '../i18n/config';
import { chooseLocale } from '../i18n/negotiate';

/**
 * The language of an API answer: what the request asks for in Accept-Language, else the token
 * owner's saved language, else English. The client's explicit header comes first here (unlike
 * pages): a script asking for French wants French whatever its owner chose on screen.
 */
export function apiLocale(request: Request, savedLocale?: string | null): Locale {
  const acceptLanguage = request.headers.get('accept-language');
  return acceptLanguage ? chooseLocale({ acceptLanguage }) : chooseLocale({ saved: savedLocale });
}
