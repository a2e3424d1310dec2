import i18next, { type TFunction, type i18n } from 'i18next';
import { MESSAGES, type Locale } from './config';

const instances = new Map<Locale, i18n>();

/** One initialised i18next instance per language, shared by every request of the process. */
export function getI18n(locale: Locale): i18n {
  let instance = instances.get(locale);
  if (!instance) {
    instance = i18next.createInstance();
    void instance.init({
      lng: locale,
      fallbackLng: false,
      resources: { [locale]: { translation: MESSAGES[locale] } },
      interpolation: { escapeValue: false },
      // Permission strings such as 'externalContacts:contact:view' are used as keys.
      nsSeparator: false,
      initAsync: false,
      returnNull: false,
    });
    instances.set(locale, instance);
  }
  return instance;
}

export function getTranslator(locale: Locale): TFunction {
  return getI18n(locale).t;
}
