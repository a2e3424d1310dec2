import { redirect } from 'next/navigation';
import { getCurrentUser } from '@/lib/auth/session';
import { safeCallbackPath } from '@/lib/auth/safe-redirect';
import { getRequestLocale, getServerT } from '@/app/_server/i18n';
import { SignInForm } from '@/components/auth/sign-in-form';
import { LanguageSwitcher } from '@/components/i18n/language-switcher';

export const dynamic = 'force-dynamic';

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string | string[] }> }) {
  if (await getCurrentUser()) redirect(safeCallbackPath((await searchParams).callbackUrl));
  const [t, locale] = [await getServerT(), await getRequestLocale()];
  return (
    <main id="main" className="signin-page">
      <div className="signin-card">
        <p className="brand">{t('app.title')}</p>
        <h1>{t('auth.signInTitle')}</h1>
        <SignInForm />
        <LanguageSwitcher current={locale} />
      </div>
    </main>
  );
}
