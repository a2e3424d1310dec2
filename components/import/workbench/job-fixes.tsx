import { PaginationNav } from '@/components/ui/pagination-nav';
import { runAsCurrentUser } from '@/lib/actions/bind';
import { getRequestLocale, getServerT } from '@/app/_server/i18n';
import { listJobFixes } from '@/lib/import/fixes/operations';
import { EXCLUDED } from '@/lib/import/fixes/transforms';
import { wizardRoutes } from '@/lib/import/wizard/routes';
import { TableFrame } from '@/components/ui/table-frame';

const PAGE_SIZE = 25;

/**
 * Every change made to the job's rows before its import (decision 008): line, column, the value
 * before and after, who and when; an exclusion (no column) says so. Paged in the URL (`fixes`).
 */
export async function JobFixes({ jobId, page: askedPage }: { jobId: string; page: number }) {
  const [t, locale] = [await getServerT(), await getRequestLocale()];
  const result = await runAsCurrentUser(listJobFixes, { jobId, page: Math.max(1, askedPage), pageSize: PAGE_SIZE });
  // A reader the fixes are refused to (403) sees the rest of the job page without them.
  if (!result.ok && result.status === 403) return null;
  if (!result.ok) throw new Error(`listJobFixes failed: ${result.error.key}`);
  const { items, total } = result.data;
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(Math.max(1, askedPage), pageCount);
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const number = new Intl.NumberFormat(locale);
  const shown = (value: string | null) => value ?? t('reports.changes.emptyValue');
  const hrefFor = (n: number) => `${wizardRoutes.job(jobId)}?${new URLSearchParams({ fixes: String(n) })}#job-fixes`;

  return (
    <section id="job-fixes" aria-labelledby="job-fixes-title">
      <h2 id="job-fixes-title">{t('workbench.history.title')}</h2>
      {total === 0 ? <p>{t('workbench.history.empty')}</p> : (
        <>
          <p>{t('workbench.history.summary', { count: total, formatted: number.format(total) })}</p>
          <TableFrame labelledBy="job-fixes-title" caption={t('workbench.history.title')}>
            <thead>
              <tr>
                <th scope="col" className="numeric sticky-col">{t('reports.errors.columns.line')}</th>
                <th scope="col">{t('reports.errors.columns.column')}</th>
                <th scope="col">{t('workbench.history.change')}</th>
                <th scope="col">{t('workbench.operations.who')}</th>
                <th scope="col">{t('workbench.operations.when')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((fix) => (
                <tr key={fix.id}>
                  <th scope="row" className="numeric sticky-col">{fix.line}</th>
                  <td>{fix.column ?? ''}</td>
                  <td className="break-all">
                    {fix.column !== null ? t('workbench.history.beforeAfter', { before: shown(fix.before), after: shown(fix.after) })
                      : fix.after === EXCLUDED ? t('workbench.history.excluded')
                      : fix.kind === 'undo' ? t('workbench.history.exclusionUndone')
                      : t('workbench.history.included')}
                  </td>
                  <td>{fix.actor?.name ?? t('workbench.operations.nobody')}</td>
                  <td>{date.format(new Date(fix.createdAt))}</td>
                </tr>
              ))}
            </tbody>
          </TableFrame>
          <PaginationNav label={t('workbench.history.pagination')} page={page} pageCount={pageCount} hrefFor={hrefFor} />
        </>
      )}
    </section>
  );
}
