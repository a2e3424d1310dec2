import type { Metadata } from 'next';
import Link from 'next/link';
import { Forbidden } from '@/components/ui/forbidden';
import { runAsCurrentUser } from '@/lib/actions/bind';
import { canRun } from '@/lib/actions/operation';
import { requireSignedIn } from '@/app/_server/page-guard';
import { getRequestLocale, getServerT } from '@/app/_server/i18n';
import { listImportProfiles } from '@/lib/import-profiles/operations';
import { profileRoutes } from '@/lib/import-profiles/routes';

interface Props {
  searchParams: Promise<{ deleted?: string }>;
}

export async function generateMetadata(): Promise<Metadata> {
  const t = await getServerT();
  return { title: `${t('profiles.title')} – ${t('app.title')}` };
}

export default async function ImportProfilesPage({ searchParams }: Props) {
  const { access } = await requireSignedIn();
  if (!canRun(access, listImportProfiles)) return <Forbidden />;
  const [t, locale, { deleted }] = [await getServerT(), await getRequestLocale(), await searchParams];
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const result = await runAsCurrentUser(listImportProfiles, undefined);
  if (!result.ok) throw new Error(`listImportProfiles failed: ${result.error.key}`);
  const profiles = result.data;

  return (
    <>
      <h1>{t('profiles.title')}</h1>
      {deleted === '1' && <p role="status" className="form-success">{t('profilesPage.deleted')}</p>}
      {profiles.length === 0 ? <p>{t('profiles.empty')}</p> : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('profiles.columns.name')}</th>
              <th scope="col">{t('profiles.columns.externalSource')}</th>
              <th scope="col">{t('profiles.columns.matchBy')}</th>
              <th scope="col">{t('profiles.columns.mergeMode')}</th>
              <th scope="col">{t('profiles.columns.loadType')}</th>
              <th scope="col">{t('common.updated')}</th>
            </tr>
          </thead>
          <tbody>
            {profiles.map((profile) => (
              <tr key={profile.id}>
                <th scope="row"><Link href={profileRoutes.view(profile.id)}>{profile.name}</Link></th>
                <td>{profile.externalSourceName ?? <span className="muted">{t('common.none')}</span>}</td>
                <td>
                  {profile.matchBy.length === 0 ? <span className="muted">{t('common.none')}</span> : (
                    // The order matters: the first identifier that finds a contact decides the match.
                    <ol className="inline-list">
                      {profile.matchBy.map((id) => (
                        <li key={id}>{t(`profiles.identifiers.${id}`, { defaultValue: id })}</li>
                      ))}
                    </ol>
                  )}
                </td>
                <td>{t(`profiles.mergeModes.${profile.mergeMode}`)}</td>
                <td>{t(`profiles.loadTypes.${profile.loadType}`)}</td>
                <td><time dateTime={profile.updatedAt.toISOString()}>{dateFormat.format(profile.updatedAt)}</time></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
