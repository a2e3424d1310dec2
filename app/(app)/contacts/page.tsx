import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { Forbidden } from '@/components/ui/forbidden';
import { PaginationNav } from '@/components/ui/pagination-nav';
import { runAsCurrentUser } from '@/lib/actions/bind';
import { canRun } from '@/lib/actions/operation';
import { canStartBulkImport } from '@/lib/auth/navigation';
import { requireSignedIn } from '@/app/_server/page-guard';
import { searchContacts } from '@/lib/contacts/operations';
import { formatContactName } from '@/lib/contacts/names';
import { getRequestLocale, getServerT } from '@/app/_server/i18n';
import { wizardRoutes } from '@/lib/import/wizard/routes';
import { DEFAULT_PAGE_SIZE, pageFromParam } from '@/lib/paging';
import { CONTACT_LIST_DEPTH_MAX } from '@/lib/contacts/schemas';
import { TableFrame } from '@/components/ui/table-frame';

interface Props {
  searchParams: Promise<{ q?: string | string[]; page?: string | string[] }>;
}

export async function generateMetadata(): Promise<Metadata> {
  const t = await getServerT();
  return { title: `${t('contacts.title')} – ${t('app.title')}` };
}

export default async function ContactsPage({ searchParams }: Props) {
  const { access } = await requireSignedIn();
  if (!canRun(access, searchContacts)) return <Forbidden />;
  const canImport = canStartBulkImport(access);
  const params = await searchParams;
  const q = (Array.isArray(params.q) ? params.q[0] : params.q ?? '').trim().slice(0, 200);
  // A deeper page than the list serves (a hand-edited URL) shows the deepest one.
  const page = Math.min(pageFromParam(params.page), Math.floor(CONTACT_LIST_DEPTH_MAX / DEFAULT_PAGE_SIZE));
  const [t, locale] = [await getServerT(), await getRequestLocale()];
  const result = await runAsCurrentUser(searchContacts, { q, page });
  if (!result.ok) throw new Error(`searchContacts failed: ${result.error.key}`);
  const { items, total, totalIsCapped, pageCount, orderIsPartial, sortedAmong } = result.data;
  const modified = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const hrefFor = (n: number) => `/contacts?${new URLSearchParams({ ...(q ? { q } : {}), page: String(n) })}`;
  if (page > pageCount) redirect(hrefFor(pageCount));

  return (
    <>
      <div className="page-heading">
        <h1>{t('contacts.title')}</h1>
        {/* External contacts > Add > Bulk import, as in Genesys Cloud. */}
        {canImport && (
          <details className="menu">
            <summary className="button primary">{t('common.add')}</summary>
            <ul className="menu-items">
              <li><Link href={wizardRoutes.upload()}>{t('wizard.title')}</Link></li>
            </ul>
          </details>
        )}
      </div>
      <form role="search" action="/contacts" className="toolbar">
        <div className="field">
          <label htmlFor="contact-search">{t('contacts.searchLabel')}</label>
          <input id="contact-search" name="q" type="search" defaultValue={q} aria-describedby="contact-search-hint" />
          <span id="contact-search-hint" className="muted">{t('contacts.searchHint')}</span>
        </div>
        <button type="submit" className="button primary">{t('common.search')}</button>
      </form>
      {total === 0 ? (
        <p>{q ? t('contacts.noMatch', { q }) : t('contacts.empty')}</p>
      ) : (
        <>
          <p className="muted" role="status">
            {totalIsCapped ? t('common.resultCountCapped', { limit: total }) : t('common.resultCount', { count: total })}
          </p>
          {orderIsPartial && <p className="muted">{t('contacts.orderIsPartial', { count: sortedAmong })}</p>}
          <TableFrame label={t('contacts.title')}>
            <thead>
              <tr>
                <th scope="col" className="sticky-col">{t('contacts.columns.name')}</th>
                <th scope="col">{t('contacts.columns.email')}</th>
                <th scope="col">{t('contacts.columns.phone')}</th>
                <th scope="col">{t('contacts.columns.organization')}</th>
                <th scope="col">{t('contacts.columns.division')}</th>
                <th scope="col">{t('contacts.columns.modified')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((contact) => (
                <tr key={contact.id}>
                  <th scope="row" className="sticky-col">
                    <Link href={`/contacts/${contact.id}`} prefetch={false}>{formatContactName(contact) || t('contacts.unnamed')}</Link>
                  </th>
                  <td>{contact.email}</td>
                  <td>{contact.phone}</td>
                  <td>{contact.organizationName}</td>
                  <td>{contact.divisionName}</td>
                  <td><time dateTime={contact.modifiedAt.toISOString()}>{modified.format(contact.modifiedAt)}</time></td>
                </tr>
              ))}
            </tbody>
          </TableFrame>
        </>
      )}
      <PaginationNav
        label={t('contacts.pagination')} page={page} pageCount={pageCount} hrefFor={hrefFor} pageCountIsCapped={totalIsCapped}
      />
    </>
  );
}
