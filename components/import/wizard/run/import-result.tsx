import Link from 'next/link';
import type { ImportJobView } from '@/lib/import/jobs/job-view';
import { getServerT } from '@/app/_server/i18n';
import { wizardRoutes } from '@/lib/import/wizard/routes';
import { CountList } from './count-list';

/**
 * What the import did: imported, not imported and skipped (by a create-only or update-only
 * profile), then the detail, and where to look further.
 */
export async function ImportResult({ job }: { job: ImportJobView }) {
  const t = await getServerT();
  const { counters } = job;
  const detail = [
    { id: 'inserted', label: t('wizardRun.result.inserted'), value: counters.inserted },
    { id: 'updated', label: t('wizardRun.result.updated'), value: counters.updated },
    { id: 'merged', label: t('wizardRun.result.merged'), value: counters.merged },
    { id: 'deleted', label: t('wizardRun.result.deleted'), value: counters.deleted },
    { id: 'unchanged', label: t('wizardRun.result.unchanged'), value: counters.unchanged },
  ];
  if (counters.dropped > 0) detail.push({ id: 'dropped', label: t('wizardRun.result.dropped'), value: counters.dropped });
  return (
    <section aria-labelledby="import-result-title">
      <h2 id="import-result-title">{t('wizardRun.result.title')}</h2>
      {job.status === 'completed' && <p role="status" className="form-success">{t('wizardRun.result.done')}</p>}
      <CountList counts={[
        { id: 'imported', label: t('wizardRun.result.imported'), value: counters.imported },
        { id: 'not-imported', label: t('wizardRun.result.notImported'), value: counters.notImported },
        { id: 'skipped', label: t('wizardRun.result.skipped'), value: counters.skipped },
      ]} />
      <h3>{t('wizardRun.result.detail')}</h3>
      <CountList counts={detail} />
      <ul className="plain-list run-links">
        <li><Link href={wizardRoutes.job(job.id)}>{t('wizardRun.result.jobLink')}</Link></li>
        <li><Link href={`${wizardRoutes.job(job.id)}#changes`}>{t('wizardRun.result.changesLink')}</Link></li>
        <li><Link href={wizardRoutes.upload()}>{t('wizardRun.actions.newImport')}</Link></li>
      </ul>
    </section>
  );
}
