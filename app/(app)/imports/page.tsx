import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { JobFilters } from '@/components/import/list/job-filters';
import { JobTable } from '@/components/import/list/job-table';
import { hasFilters, listHref, readListParams } from '@/components/import/list/list-params';
import { Forbidden } from '@/components/ui/forbidden';
import { PaginationNav } from '@/components/ui/pagination-nav';
import { runAsCurrentUser } from '@/lib/actions/bind';
import { canRun } from '@/lib/actions/operation';
import { requireSignedIn } from '@/app/_server/page-guard';
import { getServerT } from '@/app/_server/i18n';
import { serverTimeZone } from '@/lib/import/jobs/list-filter';
import { listImportJobs } from '@/lib/import/jobs/list-operations';
import { pageFromParam } from '@/lib/paging';

interface Props {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export async function generateMetadata(): Promise<Metadata> {
  const t = await getServerT();
  return { title: `${t('imports.title')} – ${t('app.title')}` };
}

export default async function ImportsPage({ searchParams }: Props) {
  const { access } = await requireSignedIn();
  if (!canRun(access, listImportJobs)) return <Forbidden />;
  const raw = await searchParams;
  const params = readListParams(raw);
  const page = pageFromParam(raw.page);
  const t = await getServerT();
  const result = await runAsCurrentUser(listImportJobs, { ...params, page });
  // Filters the schema refuses (a hand-edited URL) are shown as errors next to their fields.
  if (!result.ok && result.status !== 400) throw new Error(`listImportJobs failed: ${result.error.key}`);
  const filtered = hasFilters(params);
  const timeZone = result.ok && params.timeZone ? params.timeZone : serverTimeZone();
  if (result.ok && page > result.data.pageCount) redirect(listHref(params, result.data.pageCount));

  return (
    <>
      <h1>{t('imports.title')}</h1>
      <JobFilters values={params} errors={result.ok ? undefined : result.fieldErrors} timeZone={timeZone} showClear={filtered} />
      {!result.ok ? (
        <p role="alert" className="form-error">{t('importsList.invalidFilters')}</p>
      ) : result.data.total === 0 ? (
        <p>{filtered ? t('importsList.noMatch') : t('imports.empty')}</p>
      ) : (
        <>
          <p className="muted" role="status">{t('common.resultCount', { count: result.data.total })}</p>
          <JobTable jobs={result.data.items} timeZone={timeZone} />
          <PaginationNav label={t('imports.pagination')} page={page} pageCount={result.data.pageCount} hrefFor={(n) => listHref(params, n)} />
        </>
      )}
    </>
  );
}
