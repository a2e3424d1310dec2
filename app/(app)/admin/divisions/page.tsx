import { Forbidden } from '@/components/ui/forbidden';
import { CreateDivisionForm } from '@/components/admin/create-division-form';
import { listDivisions } from '@/lib/admin/divisions-operations';
import { loadAdminData } from '@/app/_server/admin-page-data';
import { getRequestLocale, getServerT } from '@/app/_server/i18n';

export default async function DivisionsPage() {
  const divisions = await loadAdminData(listDivisions, {});
  if (!divisions) return <Forbidden />;
  const [t, locale] = [await getServerT(), await getRequestLocale()];
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  return (
    <>
      <h1>{t('admin.divisions.title')}</h1>
      <p className="muted">{t('admin.divisions.intro')}</p>
      <table className="table">
        <caption className="visually-hidden">{t('admin.divisions.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('admin.fields.name')}</th>
            <th scope="col">{t('common.created')}</th>
          </tr>
        </thead>
        <tbody>
          {divisions.map((division) => (
            <tr key={division.id}>
              <th scope="row">
                {division.name}
                {division.isHome && <> <span className="badge">{t('admin.divisions.home')}</span></>}
              </th>
              <td>{date.format(division.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <CreateDivisionForm />
    </>
  );
}
