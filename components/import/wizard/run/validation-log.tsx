import { runAsCurrentUser } from '@/lib/actions/bind';
import { isKnownRowErrorCode } from '@/lib/import/rows/error-messages';
import { getRequestLocale, getServerT } from '@/app/_server/i18n';
import { listJobErrors } from '@/lib/import/jobs/reports/report-operations';
import { PaginationNav } from '@/components/ui/pagination-nav';
import { ERROR_LOG_PAGE_SIZE, ERROR_PAGE_SIZE, ROW_ERROR_SEVERITIES } from '@/lib/import/jobs/reports/schemas';
import { TableFrame } from '@/components/ui/table-frame';

type Severity = (typeof ROW_ERROR_SEVERITIES)[number];

/** The severity filter from the URL: `error`, `warning`, or none (both). */
export function severityFromParam(value: string | string[] | undefined): Severity | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  return (ROW_ERROR_SEVERITIES as readonly string[]).includes(text ?? '') ? text as Severity : undefined;
}

/** How many pages of ERROR_LOG_PAGE_SIZE the first ERROR_PAGE_SIZE errors fill. */
const LOG_PAGES = Math.ceil(ERROR_PAGE_SIZE / ERROR_LOG_PAGE_SIZE);

/**
 * The validation log (seed 002): the first 500 errors with line, column and message, in pages of
 * 100 (drawing 500 rows on every view of a job page cost more server time than the rest of the
 * page), a filter by error type and one by severity (errors / warnings: a GET form on `pagePath`,
 * so the filters and the page live in the URL), and the full report as a download. Warnings (a
 * row repeating an earlier row's identifier) are counted apart: their rows are valid.
 */
export async function ValidationLog({ jobId, code, severity, page: askedPage = 1, pagePath }: {
  jobId: string; code?: string; severity?: Severity; page?: number; pagePath: string;
}) {
  const [t, locale] = [await getServerT(), await getRequestLocale()];
  const page = Math.min(Math.max(1, askedPage), LOG_PAGES);
  const result = await runAsCurrentUser(listJobErrors, { jobId, page, pageSize: ERROR_LOG_PAGE_SIZE, code, severity, locale });
  if (!result.ok) throw new Error(`listJobErrors failed: ${result.error.key}`);
  const { items, total, codes, errors, warnings } = result.data;
  const shownInLog = Math.min(total, ERROR_PAGE_SIZE);
  const pageCount = Math.max(1, Math.ceil(shownInLog / ERROR_LOG_PAGE_SIZE));
  const hrefFor = (n: number) => `${pagePath}?${new URLSearchParams({
    ...(code ? { code } : {}), ...(severity ? { severity } : {}), errors: String(n),
  })}#validation-log`;
  const number = new Intl.NumberFormat(locale);
  const allErrors = errors + warnings;
  const codeName = (c: string) => t(`reports.errors.codes.${isKnownRowErrorCode(c) ? c : 'unknown'}`);

  return (
    <section id="validation-log" aria-labelledby="validation-log-title">
      <h2 id="validation-log-title">{t('reports.errors.title')}</h2>
      {allErrors === 0 ? <p>{t('reports.errors.empty')}</p> : (
        <>
          <p>{t('reports.errors.summary', { errors, warnings })}</p>
          {errors > 0 && (
            <p>
              <a href={`/api/imports/${jobId}/error-report`} download>{t('wizardRun.validation.downloadReport')}</a>
            </p>
          )}
          <form method="get" action={`${pagePath}#validation-log`} className="toolbar">
            <div className="field">
              <label htmlFor="error-code-filter">{t('reports.errors.filterLabel')}</label>
              <select id="error-code-filter" name="code" defaultValue={code ?? ''}>
                <option value="">{t('reports.errors.allCodes', { count: allErrors })}</option>
                {codes.map((c) => (
                  <option key={`${c.severity}-${c.code}`} value={c.code}>
                    {`${codeName(c.code)} (${number.format(c.count)})`}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="error-severity-filter">{t('reports.errors.severityLabel')}</label>
              <select id="error-severity-filter" name="severity" defaultValue={severity ?? ''}>
                <option value="">{t('reports.errors.allSeverities', { count: allErrors })}</option>
                <option value="error">{t('reports.errors.onlyErrors', { count: errors })}</option>
                <option value="warning">{t('reports.errors.onlyWarnings', { count: warnings })}</option>
              </select>
            </div>
            <button type="submit" className="button">{t('wizardRun.validation.applyFilter')}</button>
          </form>
          {total > ERROR_PAGE_SIZE && (
            <p className="muted">{t('reports.errors.firstOf', { shown: ERROR_PAGE_SIZE, total })}</p>
          )}
          <TableFrame labelledBy="validation-log-title" caption={t('reports.errors.title')}>
            <thead>
              <tr>
                <th scope="col" className="numeric sticky-col">{t('reports.errors.columns.line')}</th>
                <th scope="col">{t('reports.errors.columns.severity')}</th>
                <th scope="col">{t('reports.errors.columns.column')}</th>
                <th scope="col">{t('reports.errors.columns.message')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((error) => (
                <tr key={error.id}>
                  <th scope="row" className="numeric sticky-col">{error.line}</th>
                  <td>{t(`reports.errors.severities.${error.severity === 'warning' ? 'warning' : 'error'}`)}</td>
                  <td>{error.column}</td>
                  <td className="break-all">{error.message}</td>
                </tr>
              ))}
            </tbody>
          </TableFrame>
          <PaginationNav label={t('reports.errors.pagination')} page={page} pageCount={pageCount} hrefFor={hrefFor} />
        </>
      )}
    </section>
  );
}
