import Link from 'next/link';
import type { ImportJobListItem } from '@/db/queries/imports';
import { getRequestLocale, getServerT } from '@/app/_server/i18n';
import { wizardRoutes } from '@/lib/import/wizard/routes';
import { TableFrame } from '@/components/ui/table-frame';

const COUNTERS = ['inFile', 'inserted', 'updated', 'deleted', 'unchanged', 'skipped', 'failed'] as const;
type Counter = (typeof COUNTERS)[number];

const counterOf = (job: ImportJobListItem, counter: Counter) => (counter === 'inFile' ? job.rowsInFile : job[counter]);

/** One page of import jobs: what each is, where it stands, who asked, and its counters (seed 000). */
export async function JobTable({ jobs, timeZone }: { jobs: ImportJobListItem[]; timeZone: string }) {
  const [t, locale] = [await getServerT(), await getRequestLocale()];
  const number = new Intl.NumberFormat(locale);
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone });
  const none = <span className="muted">—</span>;

  return (
    // Wider than a 1366 px screen: the table scrolls in its frame, the description stays in view.
    <TableFrame label={t('importsList.tableLabel')} caption={t('importsList.tableLabel')} className="job-table">
      <thead>
        <tr>
          <th scope="col" className="sticky-col">{t('importsList.columns.description')}</th>
          <th scope="col">{t('importsList.columns.status')}</th>
          <th scope="col">{t('importsList.columns.step')}</th>
          <th scope="col">{t('importsList.columns.file')}</th>
          <th scope="col">{t('importsList.columns.transactionId')}</th>
          <th scope="col">{t('importsList.columns.createdAt')}</th>
          <th scope="col">{t('importsList.columns.requestedBy')}</th>
          <th scope="col">{t('importsList.columns.onBehalfOf')}</th>
          {COUNTERS.map((counter) => <th key={counter} scope="col" className="numeric">{t(`importsList.columns.${counter}`)}</th>)}
        </tr>
      </thead>
      <tbody>
        {jobs.map((job) => (
          <tr key={job.id}>
            <th scope="row" className="sticky-col">
              <Link href={wizardRoutes.job(job.id)} prefetch={false}>{job.description || t('imports.noDescription')}</Link>
            </th>
            <td>
              <span className={job.status === 'completed' && !job.reverted ? 'badge ok' : 'badge'}>{t(`imports.status.${job.status}`)}</span>
              {job.reverted && <> <span className="badge">{t('importsList.reverted')}</span></>}
            </td>
            <td>{job.step ? t(`imports.step.${job.step}`) : none}</td>
            <td className="break-all">{job.fileName ?? none}</td>
            <td><code className="transaction-id">{job.id}</code></td>
            <td><time dateTime={job.createdAt.toISOString()}>{dateTime.format(job.createdAt)}</time></td>
            <td>
              {job.requestedByName ?? none}
              {job.origin !== 'wizard' && <div className="muted">{t(`importsList.origin.${job.origin}`)}</div>}
            </td>
            <td>{job.onBehalfOfName ?? none}</td>
            {COUNTERS.map((counter) => <td key={counter} className="numeric">{number.format(counterOf(job, counter))}</td>)}
          </tr>
        ))}
      </tbody>
    </TableFrame>
  );
}
