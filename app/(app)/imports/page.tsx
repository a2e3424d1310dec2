import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { Forbidden } from '@/components/ui/forbidden';
import { PaginationNav } from '@/components/ui/pagination-nav';
import { runAsCurrentUser } from '@/lib/actions/bind';
import { canRun } from '@/lib/actions/operation';
import { requireSignedIn } from '@/lib/auth/page-guard';
import { getRequestLocale, getServerT } from '@/lib/i18n/request';
import { listImportJobs } from '@/lib/imports/operations';
import { pageFromParam } from '@/lib/paging';

interface Props {
  searchParams: Promise<{ page?: string | string[] }>;
}

export async function generateMetadata(): Promise<Metadata> {
  const t = await getServerT();
  return { title: `${t('imports.title')} – ${t('app.title')}` };
}

export default async function ImportsPage({ searchParams }: Props) {
  const { access } = await requireSignedIn();
  if (!canRun(access, listImportJobs)) return <Forbidden />;
  const page = pageFromParam((await searchParams).page);
  const [t, locale] = [await getServerT(), await getRequestLocale()];
  const result = await runAsCurrentUser(listImportJobs, { page });
  if (!result.ok) throw new Error(`listImportJobs failed: ${result.error.key}`);
  const { items, pageCount } = result.data;
  const hrefFor = (n: number) => `/imports?page=${n}`;
  if (page > pageCount) redirect(hrefFor(pageCount));
  const number = new Intl.NumberFormat(locale);
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });

  return (
    <>
      <h1>{t('imports.title')}</h1>
      {items.length === 0 ? <p>{t('imports.empty')}</p> : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('imports.columns.description')}</th>
              <th scope="col">{t('imports.columns.status')}</th>
              <th scope="col">{t('imports.columns.file')}</th>
              <th scope="col">{t('imports.columns.created')}</th>
              <th scope="col">{t('imports.columns.requestedBy')}</th>
              <th scope="col" className="numeric">{t('imports.columns.rowsInFile')}</th>
              <th scope="col" className="numeric">{t('imports.columns.imported')}</th>
              <th scope="col" className="numeric">{t('imports.columns.notImported')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((job) => (
              <tr key={job.id}>
                <th scope="row">{job.description || <span className="muted">{t('imports.noDescription')}</span>}</th>
                <td>
                  <span className={job.status === 'completed' ? 'badge ok' : 'badge'}>
                    {job.status === 'running' && job.step
                      ? t('imports.statusWithStep', { status: t(`imports.status.${job.status}`), step: t(`imports.step.${job.step}`) })
                      : t(`imports.status.${job.status}`)}
                  </span>
                </td>
                <td>{job.fileName}</td>
                <td><time dateTime={job.createdAt.toISOString()}>{dateTime.format(job.createdAt)}</time></td>
                <td>{job.requestedByName}</td>
                <td className="numeric">{number.format(job.rowsInFile)}</td>
                <td className="numeric">{number.format(job.imported)}</td>
                <td className="numeric">{number.format(job.notImported)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <PaginationNav label={t('imports.pagination')} page={page} pageCount={pageCount} hrefFor={hrefFor} />
    </>
  );
}
