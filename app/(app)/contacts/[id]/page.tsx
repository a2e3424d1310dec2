import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ContactDetails } from '@/components/contacts/contact-details';
import { Forbidden } from '@/components/ui/forbidden';
import { runAsCurrentUser } from '@/lib/actions/bind';
import { canRun } from '@/lib/actions/operation';
import { requireSignedIn } from '@/app/_server/page-guard';
import { getContact } from '@/lib/contacts/operations';
import { formatContactName } from '@/lib/contacts/names';
import { getRequestLocale, getServerT } from '@/app/_server/i18n';

interface Props {
  params: Promise<{ id: string }>;
}

export async function generateMetadata(): Promise<Metadata> {
  const t = await getServerT();
  return { title: `${t('contacts.detailTitle')} – ${t('app.title')}` };
}

export default async function ContactPage({ params }: Props) {
  const { access } = await requireSignedIn();
  if (!canRun(access, getContact)) return <Forbidden />;
  const { id } = await params;
  const result = await runAsCurrentUser(getContact, { id });
  if (!result.ok) {
    // Another division's contact answers 404 like a missing one: its existence never leaks.
    if (result.status === 400 || result.status === 404) notFound();
    throw new Error(`getContact failed: ${result.error.key}`);
  }
  const [t, locale] = [await getServerT(), await getRequestLocale()];
  const { contact } = result.data;
  const deletedOn = contact.deletedAt
    && new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' }).format(contact.deletedAt);

  return (
    <>
      <p><Link href="/contacts">{t('contacts.backToList')}</Link></p>
      <h1>{formatContactName(contact) || t('contacts.unnamed')}</h1>
      {deletedOn && <p className="notice">{t('contacts.deletedNotice', { date: deletedOn })}</p>}
      {contact.mergedInto && (
        <p className="notice">
          {t('contacts.mergedNotice')} <Link href={`/contacts/${contact.mergedInto}`}>{t('contacts.mergedLink')}</Link>
        </p>
      )}
      <ContactDetails detail={result.data} />
    </>
  );
}
