'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useTranslation } from 'react-i18next';
import { currentNavHref, NAV_PARENTS } from '@/lib/auth/navigation';

type Item = { href: string; labelKey: string };

export function MainNav({ items }: { items: Item[] }) {
  const { t } = useTranslation();
  const pathname = usePathname();
  const current = currentNavHref(pathname, items.map((item) => item.href));
  const shown = new Set(items.map((item) => item.href));
  // An item whose parent is not shown (e.g. Bulk import without contact:view) stays at the top.
  const parentOf = (item: Item) => {
    const parent = NAV_PARENTS.get(item.href);
    return parent && shown.has(parent) ? parent : undefined;
  };
  const link = (item: Item) => (
    <Link href={item.href} aria-current={item.href === current ? 'page' : undefined}>{t(item.labelKey)}</Link>
  );
  return (
    <nav aria-label={t('nav.label')} className="main-nav">
      <ul>
        {items.filter((item) => !parentOf(item)).map((item) => {
          const children = items.filter((child) => parentOf(child) === item.href);
          return (
            <li key={item.href}>
              {link(item)}
              {children.length > 0 && <ul>{children.map((child) => <li key={child.href}>{link(child)}</li>)}</ul>}
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
