import type { ReactNode } from 'react';
import Link from 'next/link';
import { MainNav } from '@/components/shell/main-nav';
import { SignOutButton } from '@/components/shell/sign-out-button';
import { NotificationBellLoader } from '@/components/shell/notification-bell-loader';
import { LanguageSwitcher } from '@/components/i18n/language-switcher';
import { requireSignedIn } from '@/app/_server/page-guard';
import { visibleNavItems } from '@/lib/auth/navigation';
import { getRequestLocale, getServerT } from '@/app/_server/i18n';

export const dynamic = 'force-dynamic';

export default async function AppLayout({ children }: { children: ReactNode }) {
  const { user, access } = await requireSignedIn();
  const [t, locale] = [await getServerT(), await getRequestLocale()];
  const items = visibleNavItems(access).map(({ href, labelKey }) => ({ href, labelKey }));
  return (
    <div className="shell">
      <a className="skip-link" href="#main">{t('app.skipToContent')}</a>
      <header className="shell-header">
        <span className="brand">{t('app.title')}</span>
        <div className="shell-user">
          <Link href="/profile">{t('nav.signedInAs', { name: user.name })}</Link>
          <LanguageSwitcher current={locale} />
          <NotificationBellLoader />
          <SignOutButton />
        </div>
      </header>
      <div className="shell-body">
        <MainNav items={items} />
        <main id="main" className="shell-main">{children}</main>
      </div>
    </div>
  );
}
