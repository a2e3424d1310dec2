import Link from 'next/link';
import { Forbidden } from '@/components/ui/forbidden';
import { DeleteRoleButton } from '@/components/admin/delete-role-button';
import { EditRoleForm } from '@/components/admin/edit-role-form';
import { getRole } from '@/lib/admin/roles-operations';
import { loadAdminData } from '@/app/_server/admin-page-data';
import { isPermission } from '@/lib/auth/permissions';
import { getServerT } from '@/app/_server/i18n';

export default async function RolePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const role = await loadAdminData(getRole, { id });
  if (!role) return <Forbidden />;
  const t = await getServerT();
  const permissions = role.permissions.filter(isPermission);
  return (
    <>
      <p><Link href="/admin/roles">{t('admin.roles.backToList')}</Link></p>
      <h1>{role.name}</h1>
      {role.isSystem && <p className="muted">{t('admin.roles.systemNotice')}</p>}
      <p className="muted">{t('admin.roles.grantCount', { count: role.grantCount })}</p>
      <EditRoleForm role={{ id: role.id, name: role.name, description: role.description, permissions, isSystem: role.isSystem }} />
      {!role.isSystem && (
        <section aria-labelledby="delete-role-title">
          <h2 id="delete-role-title">{t('admin.roles.deleteTitle')}</h2>
          <p className="muted">{t('admin.roles.deleteHint')}</p>
          <DeleteRoleButton role={{ id: role.id, name: role.name, grantCount: role.grantCount }} />
        </section>
      )}
    </>
  );
}
