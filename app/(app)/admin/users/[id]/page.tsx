import Link from 'next/link';
import { Forbidden } from '@/components/ui/forbidden';
import { EditUserForm } from '@/components/admin/edit-user-form';
import { GrantsEditor } from '@/components/admin/grants-editor';
import { getUser } from '@/lib/admin/users-operations';
import { listRoles } from '@/lib/admin/roles-operations';
import { listDivisions } from '@/lib/admin/divisions-operations';
import { loadAdminData } from '@/app/_server/admin-page-data';
import { requireSignedIn } from '@/app/_server/page-guard';
import { getServerT } from '@/app/_server/i18n';

export default async function UserPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { user: me } = await requireSignedIn();
  const user = await loadAdminData(getUser, { id });
  const roles = await loadAdminData(listRoles, {});
  const divisions = await loadAdminData(listDivisions, {});
  if (!user || !roles || !divisions) return <Forbidden />;
  const t = await getServerT();
  return (
    <>
      <p><Link href="/admin/users">{t('admin.users.backToList')}</Link></p>
      <h1>{user.name}</h1>
      <p className="muted">{user.email}</p>
      <EditUserForm user={{ id: user.id, name: user.name, email: user.email, active: user.active }} isSelf={user.id === me.id} />
      <GrantsEditor
        userId={user.id}
        grants={user.grants.map(({ id: grantId, roleName, divisionName }) => ({ id: grantId, roleName, divisionName }))}
        roles={roles.map(({ id: roleId, name }) => ({ id: roleId, name }))}
        divisions={divisions.map(({ id: divisionId, name }) => ({ id: divisionId, name }))}
      />
    </>
  );
}
