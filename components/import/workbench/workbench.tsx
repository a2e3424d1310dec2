'use client';

import { useState, useTransition, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { useTranslation } from 'react-i18next';
import { useHydrated } from '@/components/ui/use-hydrated';
import type { ImportJobView } from '@/lib/import/jobs/job-view';
import type { ImportSettings } from '@/lib/import/rows/types';
import type { Message } from '@/lib/actions/result';
import { isFixing } from '@/components/import/wizard/run/job-phase';
import { listWorkbenchRowsAction } from '@/app/(app)/imports/jobs/[jobId]/workbench-actions';
import { BulkFixPanel } from './bulk-fix-panel';
import { FixOperations } from './fix-operations';
import { FixingProgress } from './fixing-progress';
import { ProjectionPanel } from './projection-panel';
import { errorCodeName } from './row-messages';
import { WorkbenchGrid } from './workbench-grid';
import type {
  FixFilter, FixOperationView, FixState, ProjectionView, WorkbenchCounts, WorkbenchPage, WorkbenchRow,
} from './types';
import { WORKBENCH_PAGE_SIZE } from './types';

const STATES: FixState[] = ['invalid', 'fixed', 'excluded', 'all'];

interface WorkbenchProps {
  job: ImportJobView;
  settings: ImportSettings;
  /** The first page of invalid rows, read by the server page. */
  firstPage: WorkbenchPage;
  operations: FixOperationView[];
  projection: ProjectionView | null;
  /** The caller may fix this job's rows (importJob:edit in its division). */
  canFix: boolean;
}

/**
 * The validation step as a workbench (decision 008): counts, filters, the invalid rows in a grid
 * paged on the server, bulk fixes, the fixes made with Undo, and what the import will do.
 */
export function Workbench({ job, settings, firstPage, operations, projection, canFix }: WorkbenchProps) {
  const { t, i18n } = useTranslation();
  const router = useRouter();
  const number = new Intl.NumberFormat(i18n.language);
  const fixing = isFixing(job);
  const [page, setPage] = useState(firstPage);
  const [counts, setCounts] = useState<WorkbenchCounts>(firstPage.counts);
  const [filter, setFilter] = useState<FixFilter>({ state: 'invalid' });
  // The `after` of each page visited: the last is the page shown; Previous drops it.
  const [cursors, setCursors] = useState<(number | undefined)[]>([undefined]);
  const [error, setError] = useState<Message | null>(null);
  const [status, setStatus] = useState('');
  const [loading, startLoading] = useTransition();
  const hydrated = useHydrated();
  const editable = canFix && page.editable && !fixing;

  const load = (nextFilter: FixFilter, nextCursors: (number | undefined)[]) => {
    setError(null);
    startLoading(async () => {
      const result = await listWorkbenchRowsAction({
        jobId: job.id, filter: nextFilter, after: nextCursors.at(-1), pageSize: WORKBENCH_PAGE_SIZE,
      });
      if (!result.ok) {
        setError(result.error);
        return;
      }
      setFilter(nextFilter);
      setCursors(nextCursors);
      setPage(result.data);
      setCounts(result.data.counts);
      setStatus(t('workbench.rowsShown', { count: result.data.rows.length, total: result.data.total }));
    });
  };

  const applyFilter = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '') || undefined;
    load({ code: text('code'), column: text('column'), state: (text('state') as FixState | undefined) ?? 'invalid' }, [undefined]);
  };

  const onSaved = (row: WorkbenchRow, nextCounts: WorkbenchCounts) => {
    setPage((p) => ({ ...p, rows: p.rows.map((r) => (r.line === row.line ? row : r)) }));
    setCounts(nextCounts);
    // The page's own counters and the list of fixes are read again by the server.
    router.refresh();
  };

  const offset = (cursors.length - 1) * WORKBENCH_PAGE_SIZE;
  const countItems = [
    ['valid', counts.validRows], ['invalid', counts.invalidRows], ['fixed', counts.fixedRows], ['excluded', counts.excludedRows],
  ] as const;

  return (
    <section id="workbench" aria-labelledby="workbench-title" className="workbench">
      <h2 id="workbench-title">{t('workbench.title')}</h2>
      <p>{t('workbench.hint')}</p>
      <dl className="details run-counts" aria-label={t('workbench.countsLabel')}>
        {countItems.map(([id, value]) => (
          <div key={id} className="run-count">
            <dt id={`workbench-count-${id}`}>{t(`workbench.counts.${id}`)}</dt>
            <dd aria-labelledby={`workbench-count-${id}`}>{number.format(value)}</dd>
          </div>
        ))}
      </dl>
      {fixing && <FixingProgress key={`${job.status}-${job.step}`} initial={job} />}

      <form className="toolbar" onSubmit={applyFilter} aria-label={t('workbench.filters.label')}>
        <div className="field">
          <label htmlFor="workbench-filter-code">{t('workbench.filters.code')}</label>
          <select id="workbench-filter-code" name="code" defaultValue={filter.code ?? ''}>
            <option value="">{t('workbench.filters.anyCode')}</option>
            {page.facets.codes.map((c) => (
              <option key={c.code} value={c.code}>{`${errorCodeName(c.code, t)} (${number.format(c.count)})`}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="workbench-filter-column">{t('workbench.filters.column')}</label>
          <select id="workbench-filter-column" name="column" defaultValue={filter.column ?? ''}>
            <option value="">{t('workbench.filters.anyColumn')}</option>
            {page.headers.map((header) => {
              const count = page.facets.columns.find((c) => c.column === header)?.count;
              return <option key={header} value={header}>{count ? `${header} (${number.format(count)})` : header}</option>;
            })}
          </select>
        </div>
        <div className="field">
          <label htmlFor="workbench-filter-state">{t('workbench.filters.state')}</label>
          <select id="workbench-filter-state" name="state" defaultValue={filter.state ?? 'invalid'}>
            {STATES.map((s) => <option key={s} value={s}>{t(`workbench.filters.states.${s}`)}</option>)}
          </select>
        </div>
        <button type="submit" className="button" disabled={!hydrated || loading}>{t('workbench.filters.apply')}</button>
      </form>

      <h3 id="workbench-grid-title">{t('workbench.grid.title')}</h3>
      <p className="visually-hidden" id="workbench-grid-keys">{t('workbench.grid.keys')}</p>
      {page.rows.length === 0 ? <p>{t('workbench.grid.empty')}</p> : (
        <WorkbenchGrid key={`${cursors.length}-${page.rows[0]?.line}`} jobId={job.id} headers={page.headers} rows={page.rows}
          total={page.total} offset={offset} editable={editable} settings={settings} labelledBy="workbench-grid-title"
          describedBy="workbench-grid-keys"
          onSaved={onSaved} announce={setStatus} />
      )}
      <nav className="toolbar" aria-label={t('workbench.grid.pagination')}>
        <button type="button" className="button" disabled={!hydrated || loading || cursors.length < 2}
          onClick={() => load(filter, cursors.slice(0, -1))}>{t('workbench.grid.previous')}</button>
        <span className="muted">
          {page.total > 0 && t('workbench.grid.range', {
            from: number.format(offset + 1), to: number.format(offset + page.rows.length), total: number.format(page.total),
          })}
        </span>
        <button type="button" className="button" disabled={!hydrated || loading || page.nextAfter === null}
          onClick={() => load(filter, [...cursors, page.nextAfter ?? undefined])}>{t('workbench.grid.next')}</button>
      </nav>
      <p role="status" className="muted">{status}</p>
      {error && <p role="alert" className="form-error">{t(error.key, error.params)}</p>}

      {canFix && !fixing && (
        <BulkFixPanel jobId={job.id} headers={page.headers} codes={page.facets.codes} disabled={!editable}
          errorColumn={[...page.facets.columns].sort((a, b) => b.count - a.count)[0]?.column} />
      )}
      <FixOperations jobId={job.id} operations={operations} canUndo={canFix && !fixing} />
      <ProjectionPanel jobId={job.id} fixVersion={counts.fixVersion} initial={projection} />
    </section>
  );
}
