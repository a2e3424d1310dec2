import { runAsCurrentUser } from '@/lib/actions/bind';
import { ROW_ERROR_CODES } from '@/lib/import/validate-row';
import { getRequestLocale, getServerT } from '@/lib/i18n/request';
import { listJobErrors } from '@/lib/jobs/report-operations';
import { ERROR_PAGE_SIZE } from '@/lib/validation/reports';

const KNOWN_CODES = new Set<string>(ROW_ERROR_CODES);

/**
 * The validation log (seed 002): the first 500 errors with line, column and message, a filter by
 * error type (a GET form on `pagePath`: the filter lives in the URL), and the full report as a download.
 */
export async function ValidationLog({ jobId, code, pagePath }: { jobId: string; code?: string; pagePath: string }) {
  const [t, locale] = [await getServerT(), await getRequestLocale()];
  const result = await runAsCurrentUser(listJobErrors, { jobId, page: 1, pageSize: ERROR_PAGE_SIZE, code, locale });
  if (!result.ok) throw new Error(`listJobErrors failed: ${result.error.key}`);
  const { items, total, codes } = result.data;
  const number = new Intl.NumberFormat(locale);
  const allErrors = codes.reduce((sum, c) => sum + c.count, 0);
  const codeName = (c: string) => t(`reports.errors.codes.${KNOWN_CODES.has(c) ? c : 'unknown'}`);

  return (
    <section id="validation-log" aria-labelledby="validation-log-title">
      <h2 id="validation-log-title">{t('reports.errors.title')}</h2>
      {allErrors === 0 ? <p>{t('reports.errors.empty')}</p> : (
        <>
          <p>
            <a href={`/api/imports/${jobId}/error-report`} download>{t('wizardRun.validation.downloadReport')}</a>
          </p>
          <form method="get" action={`${pagePath}#validation-log`} className="toolbar">
            <div className="field">
              <label htmlFor="error-code-filter">{t('reports.errors.filterLabel')}</label>
              <select id="error-code-filter" name="code" defaultValue={code ?? ''}>
                <option value="">{t('reports.errors.allCodes', { count: allErrors })}</option>
                {codes.map((c) => (
                  <option key={c.code} value={c.code}>
                    {`${codeName(c.code)} (${number.format(c.count)})`}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="button">{t('wizardRun.validation.applyFilter')}</button>
          </form>
          {total > items.length && (
            <p className="muted">{t('reports.errors.firstOf', { shown: items.length, total })}</p>
          )}
          <table className="table">
            <caption className="visually-hidden">{t('reports.errors.title')}</caption>
            <thead>
              <tr>
                <th scope="col" className="numeric">{t('reports.errors.columns.line')}</th>
                <th scope="col">{t('reports.errors.columns.column')}</th>
                <th scope="col">{t('reports.errors.columns.message')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((error) => (
                <tr key={error.id}>
                  <th scope="row" className="numeric">{error.line}</th>
                  <td>{error.column}</td>
                  <td className="break-all">{error.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
