import type { Metadata } from 'next';
import { Forbidden } from '@/components/ui/forbidden';
import { SourceForm } from '@/components/sources/source-form';
import { SourceRowActions } from '@/components/sources/source-row-actions';
import { runAsCurrentUser } from '@/lib/actions/bind';
import { hasPermission } from '@/lib/auth/access';
import { canRun } from '@/lib/actions/operation';
import { requireSignedIn } from '@/app/_server/page-guard';
import { getServerT } from '@/app/_server/i18n';
import { listSources } from '@/lib/sources/operations';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getServerT();
  return { title: `${t('sources.title')} – ${t('app.title')}` };
}

export default async function ExternalSourcesPage() {
  const { access } = await requireSignedIn();
  if (!canRun(access, listSources)) return <Forbidden />;
  const t = await getServerT();
  const result = await runAsCurrentUser(listSources, undefined);
  if (!result.ok) throw new Error(`listSources failed: ${result.error.key}`);
  const sources = result.data;
  const can = {
    add: hasPermission(access, 'externalContacts:externalSource:add'),
    edit: hasPermission(access, 'externalContacts:externalSource:edit'),
    delete: hasPermission(access, 'externalContacts:externalSource:delete'),
  };
  const hasActions = can.edit || can.delete;

  return (
    <>
      <h1>{t('sources.title')}</h1>
      {sources.length === 0 ? <p>{t('sources.empty')}</p> : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('sources.name')}</th>
              <th scope="col">{t('sources.active')}</th>
              <th scope="col">{t('sources.uriTemplate')}</th>
              {hasActions && <th scope="col">{t('common.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {sources.map((source) => (
              <tr key={source.id}>
                <th scope="row">{source.name}</th>
                <td>
                  <span className={source.active ? 'badge ok' : 'badge'}>
                    {t(source.active ? 'sources.isActive' : 'sources.isInactive')}
                  </span>
                </td>
                <td className="break-all">{source.uriTemplate ?? <span className="muted">{t('common.none')}</span>}</td>
                {hasActions && (
                  <td>
                    <SourceRowActions source={{ id: source.id, name: source.name, active: source.active }}
                      canEdit={can.edit} canDelete={can.delete} />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {can.add && (
        <section aria-labelledby="add-source-title">
          <h2 id="add-source-title">{t('sources.addTitle')}</h2>
          <SourceForm />
        </section>
      )}
    </>
  );
}
