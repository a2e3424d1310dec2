import Link from 'next/link';
import { PaginationNav } from '@/components/ui/pagination-nav';
import { runAsCurrentUser } from '@/lib/actions/bind';
import { getI18n } from '@/lib/i18n/translator';
import { getRequestLocale, getServerT } from '@/app/_server/i18n';
import { wizardRoutes } from '@/lib/import/wizard/routes';
import { listJobChanges } from '@/lib/import/jobs/reports/report-operations';
import { CHANGE_ACTIONS, type ChangeAction } from '@/lib/import/jobs/reports/schemas';
import { changedColumns, changeFieldLabel, changeValueText } from './change-fields';
import { TableFrame } from '@/components/ui/table-frame';

// A table row is a link with a list of changes: 25 keep the page light while an import runs.
const PAGE_SIZE = 25;

/** The contacts a job changed (seed 002), each with what changed: before and after. */
export async function JobChanges({ jobId, page, action }: { jobId: string; page: number; action?: ChangeAction }) {
  const [t, locale] = [await getServerT(), await getRequestLocale()];
  const i18n = getI18n(locale);
  const number = new Intl.NumberFormat(locale);
  const result = await runAsCurrentUser(listJobChanges, { jobId, page, pageSize: PAGE_SIZE, action });
  if (!result.ok) throw new Error(`listJobChanges failed: ${result.error.key}`);
  const { items, pageCount, totals } = result.data;
  const all = CHANGE_ACTIONS.reduce((sum, a) => sum + totals[a], 0);
  const hrefFor = (n: number) => `${wizardRoutes.job(jobId)}?${new URLSearchParams({ ...(action ? { action } : {}), page: String(n) })}#changes`;
  const shown = (value: unknown) => changeValueText(value) ?? t('reports.changes.emptyValue');

  return (
    <section id="changes" aria-labelledby="changes-title">
      <h2 id="changes-title">{t('reports.changes.title')}</h2>
      {all === 0 ? <p>{t('reports.changes.empty')}</p> : (
        <>
          <form method="get" action={`${wizardRoutes.job(jobId)}#changes`} className="toolbar">
            <div className="field">
              <label htmlFor="change-action-filter">{t('reports.changes.filterLabel')}</label>
              <select id="change-action-filter" name="action" defaultValue={action ?? ''}>
                <option value="">{t('reports.changes.allActions', { count: all })}</option>
                {CHANGE_ACTIONS.filter((a) => totals[a] > 0).map((a) => (
                  <option key={a} value={a}>
                    {`${t(`reports.changes.actions.${a}`)} (${number.format(totals[a])})`}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="button">{t('wizardRun.validation.applyFilter')}</button>
          </form>
          <TableFrame labelledBy="changes-title" caption={t('reports.changes.title')}>
            <thead>
              <tr>
                <th scope="col" className="sticky-col">{t('reports.changes.columns.contact')}</th>
                <th scope="col">{t('reports.changes.columns.action')}</th>
                <th scope="col" className="numeric">{t('reports.errors.columns.line')}</th>
                <th scope="col">{t('wizardRun.changes.what')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((change) => (
                <tr key={change.id}>
                  <th scope="row" className="sticky-col">
                    <Link href={`/contacts/${change.contactId}`} prefetch={false}>{change.displayName ?? t('reports.changes.unnamed')}</Link>
                  </th>
                  <td>{t(`reports.changes.actions.${change.action}`)}</td>
                  <td className="numeric">{change.line ?? ''}</td>
                  <td>
                    {changedColumns(change.before, change.after).length === 0 && (
                      <span className="muted">
                        {change.action === 'inserted' ? t('wizardRun.changes.newContact') : t('wizardRun.changes.noDetail')}
                      </span>
                    )}
                    <ul className="plain-list">
                      {changedColumns(change.before, change.after).map((column) => (
                        <li key={column} className="break-all">
                          {t('wizardRun.changes.change', {
                            field: changeFieldLabel(column, t, (key) => i18n.exists(key)),
                            before: shown(change.before[column]),
                            after: shown(change.after[column]),
                          })}
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </TableFrame>
          <PaginationNav label={t('reports.changes.pagination')} page={page} pageCount={pageCount} hrefFor={hrefFor} />
        </>
      )}
    </section>
  );
}
