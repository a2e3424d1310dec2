import Negotiator from 'negotiator';
import { DEFAULT_LOCALE, LOCALES, isLocale, type Locale } from './config';

/** The user's saved choice, else the cookie of a signed-out visitor, else the browser's language. */
export function chooseLocale(options: {
  saved?: string | null;
  cookie?: string | null;
  acceptLanguage?: string | null;
}): Locale {
  if (isLocale(options.saved)) return options.saved;
  if (isLocale(options.cookie)) return options.cookie;
  if (options.acceptLanguage) {
    const [best] = new Negotiator({ headers: { 'accept-language': options.acceptLanguage } })
      .languages([...LOCALES]);
    if (isLocale(best)) return best;
  }
  return DEFAULT_LOCALE;
}
