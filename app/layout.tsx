import type { ReactNode } from 'react';
import type { Metadata } from 'next';
import { I18nProvider } from '@/components/i18n/i18n-provider';
import { getRequestLocale, getServerT } from '@/app/_server/i18n';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getServerT();
  return { title: t('app.title'), icons: { icon: '/favicon.svg' } };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getRequestLocale();
  return (
    <html lang={locale}>
      <body>
        <I18nProvider locale={locale}>{children}</I18nProvider>
      </body>
    </html>
  );
}
