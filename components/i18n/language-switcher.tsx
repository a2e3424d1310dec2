'use client';

import { useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { useTranslation } from 'react-i18next';
import { LOCALES, type Locale } from '@/lib/i18n/config';
import { changeLanguage } from '@/app/language-actions';

export function LanguageSwitcher({ current }: { current: Locale }) {
  const { t } = useTranslation();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <label className="language-switcher">
      <span>{t('language.label')}</span>
      <select
        value={current}
        disabled={pending}
        onChange={(event) => {
          const locale = event.target.value as Locale;
          startTransition(async () => {
            await changeLanguage(locale);
            router.refresh();
          });
        }}
      >
        {LOCALES.map((locale) => (
          <option key={locale} value={locale} lang={locale}>{t(`language.${locale}`)}</option>
        ))}
      </select>
    </label>
  );
}
