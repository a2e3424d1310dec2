import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ProfileForm } from '@/components/import-profiles/profile-form';
import { Forbidden } from '@/components/ui/forbidden';
import { runAsCurrentUser } from '@/lib/actions/bind';
import { canRun } from '@/lib/actions/operation';
import { requireSignedIn } from '@/app/_server/page-guard';
import { MATCH_IDENTIFIERS, SELECTABLE_FIELD_KEYS, type MatchIdentifier } from '@/lib/import/rows/fields';
import { isTextEncoding } from '@/lib/import/upload/encoding/encodings';
import { getRequestLocale, getServerT } from '@/app/_server/i18n';
import { countryOptions } from '@/lib/import-profiles/countries';
import { loadImportProfileForm } from '@/lib/import-profiles/operations';
import { profileRoutes } from '@/lib/import-profiles/routes';

interface Props {
  params: Promise<{ id: string }>;
}

export async function generateMetadata(): Promise<Metadata> {
  const t = await getServerT();
  return { title: `${t('profilesPage.edit.title')} – ${t('app.title')}` };
}

const isIdentifier = (id: string): id is MatchIdentifier => (MATCH_IDENTIFIERS as readonly string[]).includes(id);

export default async function EditImportProfilePage({ params }: Props) {
  const { user, access } = await requireSignedIn();
  if (!canRun(access, loadImportProfileForm)) return <Forbidden />;
  const { id } = await params;
  const result = await runAsCurrentUser(loadImportProfileForm, { id });
  if (!result.ok) {
    if (result.status === 400 || result.status === 404) notFound();
    throw new Error(`loadImportProfileForm failed: ${result.error.key}`);
  }
  const [t, locale] = [await getServerT(), await getRequestLocale()];
  const { profile, sources, divisions, automationUsers } = result.data;
  const automation = {
    me: { id: user.id, name: user.name }, ...automationUsers,
    current: profile.automationUserId && profile.automationUserId !== user.id
      ? { id: profile.automationUserId, name: profile.automationUserName ?? t('profilesPage.view.unknownUser') } : null,
  };
  // A source deactivated since is still shown as chosen: saving then asks for an active one.
  const sourceChoices = profile.externalSourceId && profile.externalSourceName && !sources.some((s) => s.id === profile.externalSourceId)
    ? [...sources, { id: profile.externalSourceId, name: `${profile.externalSourceName} ${t('profilesPage.view.inactiveSource')}` }]
    : sources;

  return (
    <>
      <p><Link href={profileRoutes.view(profile.id)}>{profile.name}</Link></p>
      <h1>{t('profilesPage.edit.title')}</h1>
      <ProfileForm sources={sourceChoices} divisions={divisions} countries={countryOptions(locale, profile.defaultCountry)}
        automation={automation}
        values={{
          id: profile.id,
          name: profile.name,
          externalSourceId: profile.externalSourceId ?? '',
          matchBy: profile.matchBy.filter(isIdentifier),
          mergeMode: profile.mergeMode,
          loadType: profile.loadType,
          unmatchedRows: profile.unmatchedRows,
          matchedRows: profile.matchedRows,
          // An empty list means every contact field: shown as every box ticked.
          importFields: profile.importFields.length === 0 ? [...SELECTABLE_FIELD_KEYS] : profile.importFields,
          defaultCountry: profile.defaultCountry,
          emptyCellsClear: profile.emptyCellsClear,
          defaultDivisionId: profile.defaultDivisionId,
          automationUserId: profile.automationUserId,
          encoding: isTextEncoding(profile.encoding) ? profile.encoding : null,
          notifyEmails: profile.notifyEmails,
        }} />
    </>
  );
}
