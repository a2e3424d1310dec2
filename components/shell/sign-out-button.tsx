'use client';

import { signOut } from 'next-auth/react';
import { useTranslation } from 'react-i18next';

export function SignOutButton() {
  const { t } = useTranslation();
  return (
    <button type="button" className="link-button" onClick={() => signOut({ callbackUrl: '/signin' })}>
      {t('nav.signOut')}
    </button>
  );
}
