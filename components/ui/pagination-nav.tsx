import Link from 'next/link';
import { getServerT } from '@/app/_server/i18n';

interface PaginationNavProps {
  /** Names the navigation landmark, e.g. "Contact pages". */
  label: string;
  page: number;
  pageCount: number;
  hrefFor: (page: number) => string;
  /** The page count is a lower bound (the total was capped): "Page X of at least Y". */
  pageCountIsCapped?: boolean;
}

/** Previous / Next links and "Page X of Y"; the page lives in the URL so links and reloads keep it. */
export async function PaginationNav({ label, page, pageCount, hrefFor, pageCountIsCapped = false }: PaginationNavProps) {
  const t = await getServerT();
  if (pageCount <= 1 && page <= 1) return null;
  const previous = Math.min(page - 1, pageCount);
  return (
    <nav aria-label={label} className="pagination">
      {page > 1
        ? <Link href={hrefFor(previous)} rel="prev">{t('common.previous')}</Link>
        : <span className="muted" aria-disabled="true">{t('common.previous')}</span>}
      <span aria-current="page">{t(pageCountIsCapped ? 'common.pageOfAtLeast' : 'common.pageOf', { page, pages: pageCount })}</span>
      {page < pageCount
        ? <Link href={hrefFor(page + 1)} rel="next">{t('common.next')}</Link>
        : <span className="muted" aria-disabled="true">{t('common.next')}</span>}
    </nav>
  );
}
