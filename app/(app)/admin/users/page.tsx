import Link from 'next/link';
import { Forbidden } from '@/components/ui/forbidden';
import { CreateUserForm } from '@/components/admin/create-user-form';
import { listUsers } from '@/lib/admin/users-operations';
import { loadAdminData } from '@/app/_server/admin-page-data';
import { getRequestLocale, getServerT } from '@/app/_server/i18n';
import { TableFrame } from '@/components/ui/table-frame';

export default async function UsersPage() {
  const users = await loadAdminData(listUsers, {});
  if (!users) return <Forbidden />;
  const [t, locale] = [await getServerT(), await getRequestLocale()];
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  return (
    <>
      <h1>{t('admin.users.title')}</h1>
      <TableFrame label={t('admin.users.title')} caption={t('admin.users.title')}>
        <thead>
          <tr>
            <th scope="col" className="sticky-col">{t('admin.fields.name')}</th>
            <th scope="col">{t('admin.fields.email')}</th>
            <th scope="col">{t('common.status')}</th>
            <th scope="col">{t('admin.users.grantsColumn')}</th>
            <th scope="col">{t('common.created')}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id}>
              <th scope="row" className="sticky-col"><Link href={`/admin/users/${user.id}`}>{user.name}</Link></th>
              <td>{user.email}</td>
              <td>
                <span className={user.active ? 'badge ok' : 'badge'}>{t(user.active ? 'common.active' : 'common.inactive')}</span>
              </td>
              <td>
                {user.grants.length === 0 ? <span className="muted">{t('common.none')}</span> : (
                  <ul className="plain-list">
                    {user.grants.map((grant) => (
                      <li key={grant.id}>
                        {grant.roleName} <span className="muted">({grant.divisionName ?? t('common.allDivisions')})</span>
                      </li>
                    ))}
                  </ul>
                )}
              </td>
              <td>{date.format(user.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </TableFrame>
      <CreateUserForm />
    </>
  );
}
