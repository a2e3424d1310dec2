import Link from 'next/link';
import { Forbidden } from '@/components/ui/forbidden';
import { requireSignedIn } from '@/app/_server/page-guard';
import { isOrganisationAdmin } from '@/lib/admin/define';
import { getServerT } from '@/app/_server/i18n';

const SECTIONS = [
  { href: '/admin/users', title: 'admin.users.title', body: 'admin.overview.users' },
  { href: '/admin/roles', title: 'admin.roles.title', body: 'admin.overview.roles' },
  { href: '/admin/divisions', title: 'admin.divisions.title', body: 'admin.overview.divisions' },
] as const;

export default async function AdminPage() {
  const { access } = await requireSignedIn();
  if (!isOrganisationAdmin(access)) return <Forbidden />;
  const t = await getServerT();
  return (
    <>
      <h1>{t('admin.overview.title')}</h1>
      <ul className="admin-sections">
        {SECTIONS.map((section) => (
          <li key={section.href}>
            <Link href={section.href}>{t(section.title)}</Link>
            <p className="muted">{t(section.body)}</p>
          </li>
        ))}
      </ul>
    </>
  );
}
