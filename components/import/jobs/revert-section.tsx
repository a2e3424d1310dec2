import Link from 'next/link';
import { CountList } from '@/components/import/wizard/run/count-list';
import { PaginationNav } from '@/components/ui/pagination-nav';
import { runAsCurrentUser } from '@/lib/actions/bind';
import { getRequestLocale, getServerT } from '@/app/_server/i18n';
import { wizardRoutes } from '@/lib/import/wizard/routes';
import type { ImportJobView } from '@/lib/import/jobs/job-view';
import { listRevertConflicts } from '@/lib/import/jobs/reports/report-operations';
import type { JobAbility } from '@/lib/import/jobs/job-abilities';
import { neededPermissionsText } from './needed-permissions';
import { RevertButton } from './revert-button';

const PAGE_SIZE = 50;

interface RevertSectionProps {
  job: ImportJobView;
  revertedByName: string | null;
  /** From the revert operation's own check: without the contact permissions it needs, the button shows disabled. */
  can: JobAbility;
  conflictPage: number;
}

/** Revert for a completed job; once reverted, what the revert did and the contacts it left. */
export async function RevertSection({ job, revertedByName, can, conflictPage }: RevertSectionProps) {
  if (job.status !== 'completed') return null;
  const [t, locale] = [await getServerT(), await getRequestLocale()];
  const { counters } = job;
  if (!job.revert) {
    if (!can.allowed && can.missing.length === 0) return null;
    const changed = counters.inserted + counters.updated + counters.merged + counters.deleted + counters.dropped;
    return (
      <section aria-labelledby="revert-title">
        <h2 id="revert-title">{t('revert.heading')}</h2>
        <p>{t('revert.explain')}</p>
        <RevertButton jobId={job.id} changedContacts={changed}
          needs={can.allowed ? undefined : neededPermissionsText(t, locale, 'revert', can.missing)} />
      </section>
    );
  }
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(job.revert.at);
  const summary = job.revert.summary;
  return (
    <section aria-labelledby="revert-title">
      <h2 id="revert-title">{t('revert.heading')}</h2>
      <p role="status">{revertedByName ? t('revert.done', { date, name: revertedByName }) : t('revert.doneNoName', { date })}</p>
      {summary && (
        <CountList label={t('revert.heading')} counts={(['deleted', 'restored', 'unmerged', 'undeleted', 'conflicts'] as const)
          .map((key) => ({ id: `revert-${key}`, label: t(`revert.summary.${key}`), value: summary[key] }))} />
      )}
      {summary && summary.conflicts > 0 && <RevertConflicts jobId={job.id} page={conflictPage} />}
    </section>
  );
}

async function RevertConflicts({ jobId, page }: { jobId: string; page: number }) {
  const t = await getServerT();
  const result = await runAsCurrentUser(listRevertConflicts, { jobId, page, pageSize: PAGE_SIZE });
  if (!result.ok) throw new Error(`listRevertConflicts failed: ${result.error.key}`);
  const { items, pageCount } = result.data;
  const hrefFor = (n: number) => `${wizardRoutes.job(jobId)}?conflicts=${n}#revert-conflicts`;
  return (
    <>
      <h3 id="revert-conflicts">{t('revert.conflictsHeading')}</h3>
      <p>{t('revert.conflictsExplain')}</p>
      <table className="table" aria-labelledby="revert-conflicts">
        <thead>
          <tr>
            <th scope="col">{t('revert.conflictColumns.contact')}</th>
            <th scope="col">{t('revert.conflictColumns.action')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.contactId}>
              <th scope="row"><Link href={`/contacts/${item.contactId}`}>{item.displayName ?? `#${item.contactId}`}</Link></th>
              <td>{t(`reports.changes.actions.${item.action}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <PaginationNav label={t('revert.conflictsHeading')} page={page} pageCount={pageCount} hrefFor={hrefFor} />
    </>
  );
}
