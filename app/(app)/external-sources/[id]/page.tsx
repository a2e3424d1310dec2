import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Forbidden } from '@/components/ui/forbidden';
import { SourceForm } from '@/components/sources/source-form';
import { ClearSourceButton } from '@/components/sources/clear-source-button';
import { runAsCurrentUser } from '@/lib/actions/bind';
import { hasPermission } from '@/lib/auth/access';
import { canRun } from '@/lib/actions/operation';
import { requireSignedIn } from '@/app/_server/page-guard';
import { getServerT } from '@/app/_server/i18n';
import { getSource } from '@/lib/sources/operations';
import { countSourceContacts } from '@/lib/sources/clear-operations';

interface Props {
  params: Promise<{ id: string }>;
}

export async function generateMetadata(): Promise<Metadata> {
  const t = await getServerT();
  return { title: `${t('sources.editTitle')} – ${t('app.title')}` };
}

export default async function ExternalSourcePage({ params }: Props) {
  const { access } = await requireSignedIn();
  if (!canRun(access, getSource)) return <Forbidden />;
  const { id } = await params;
  const result = await runAsCurrentUser(getSource, { id });
  if (!result.ok) {
    if (result.status === 400 || result.status === 404) notFound();
    throw new Error(`getSource failed: ${result.error.key}`);
  }
  const t = await getServerT();
  const source = result.data;
  const canEdit = hasPermission(access, 'externalContacts:externalSource:edit');
  // Clearing needs both: editing the source, and deleting contacts (in some division).
  const counts = canEdit && hasPermission(access, 'externalContacts:contact:delete')
    ? await runAsCurrentUser(countSourceContacts, { sourceId: source.id }) : null;

  return (
    <>
      <p><Link href="/external-sources">{t('sources.back')}</Link></p>
      <h1>{canEdit ? t('sources.editTitle') : source.name}</h1>
      {canEdit ? (
        <SourceForm source={{ id: source.id, name: source.name, uriTemplate: source.uriTemplate }} />
      ) : (
        <dl className="details">
          <dt>{t('sources.name')}</dt>
          <dd>{source.name}</dd>
          <dt>{t('sources.active')}</dt>
          <dd>{t(source.active ? 'common.yes' : 'common.no')}</dd>
          <dt>{t('sources.uriTemplate')}</dt>
          <dd className="break-all">{source.uriTemplate ?? t('common.none')}</dd>
        </dl>
      )}
      {counts?.ok && counts.data.length > 0 && (
        <ClearSourceButton source={{ id: source.id, name: source.name }} divisions={counts.data} />
      )}
    </>
  );
}
