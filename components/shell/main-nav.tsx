'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useTranslation } from 'react-i18next';

export function MainNav({ items }: { items: { href: string; labelKey: string }[] }) {
  const { t } = useTranslation();
  const pathname = usePathname();
  return (
    <nav aria-label={t('nav.label')} className="main-nav">
      <ul>
        {items.map((item) => {
          const current = pathname === item.href || pathname.startsWith(`${item.href}/`);
          return (
            <li key={item.href}>
              <Link href={item.href} aria-current={current ? 'page' : undefined}>{t(item.labelKey)}</Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
