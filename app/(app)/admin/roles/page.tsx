import Link from 'next/link';
import { Forbidden } from '@/components/ui/forbidden';
import { CreateRoleForm } from '@/components/admin/create-role-form';
import { listRoles } from '@/lib/admin/roles-operations';
import { loadAdminData } from '@/app/_server/admin-page-data';
import { getRequestLocale, getServerT } from '@/app/_server/i18n';

export default async function RolesPage() {
  const roles = await loadAdminData(listRoles, {});
  if (!roles) return <Forbidden />;
  const [t, locale] = [await getServerT(), await getRequestLocale()];
  const number = new Intl.NumberFormat(locale);
  return (
    <>
      <h1>{t('admin.roles.title')}</h1>
      <table className="table">
        <caption className="visually-hidden">{t('admin.roles.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('admin.fields.name')}</th>
            <th scope="col">{t('admin.fields.description')}</th>
            <th scope="col">{t('admin.roles.permissionsColumn')}</th>
            <th scope="col">{t('admin.roles.grantsColumn')}</th>
          </tr>
        </thead>
        <tbody>
          {roles.map((role) => (
            <tr key={role.id}>
              <th scope="row">
                <Link href={`/admin/roles/${role.id}`}>{role.name}</Link>
                {role.isSystem && <> <span className="badge">{t('admin.roles.builtIn')}</span></>}
              </th>
              <td>{role.description || <span className="muted">{t('common.none')}</span>}</td>
              <td>{number.format(role.permissions.length)}</td>
              <td>{number.format(role.grantCount)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <CreateRoleForm />
    </>
  );
}
