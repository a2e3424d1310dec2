import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ProfileActions } from '@/components/import-profiles/profile-actions';
import { ProfileSettings } from '@/components/import-profiles/profile-settings';
import { TemplateLinks } from '@/components/import/wizard/upload/template-links';
import { Forbidden } from '@/components/ui/forbidden';
import { runAsCurrentUser } from '@/lib/actions/bind';
import { canRun } from '@/lib/actions/operation';
import { requireSignedIn } from '@/app/_server/page-guard';
import { getServerT } from '@/app/_server/i18n';
import { getImportProfile } from '@/lib/import-profiles/operations';
import { profileAbilitiesOf } from '@/lib/import-profiles/permissions';
import { profileRoutes } from '@/lib/import-profiles/routes';

interface Props {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ copied?: string }>;
}

export async function generateMetadata(): Promise<Metadata> {
  const t = await getServerT();
  return { title: `${t('profiles.title')} – ${t('app.title')}` };
}

export default async function ImportProfilePage({ params, searchParams }: Props) {
  const { access } = await requireSignedIn();
  if (!canRun(access, getImportProfile)) return <Forbidden />;
  const [{ id }, { copied }] = [await params, await searchParams];
  const result = await runAsCurrentUser(getImportProfile, { id });
  if (!result.ok) {
    if (result.status === 400 || result.status === 404) notFound();
    throw new Error(`getImportProfile failed: ${result.error.key}`);
  }
  const t = await getServerT();
  const profile = result.data;

  return (
    <>
      <p><Link href={profileRoutes.list()}>{t('profilesPage.back')}</Link></p>
      <h1>{profile.name}</h1>
      {copied === '1' && <p role="status" className="form-success">{t('profilesPage.copied')}</p>}
      <ProfileActions profile={{ id: profile.id, name: profile.name }} abilities={profileAbilitiesOf(access)} />
      <TemplateLinks profileId={profile.id} />
      <ProfileSettings profile={profile} />
    </>
  );
}
