import type { ImportJobView } from '@/lib/import/jobs/job-view';
import { getServerT } from '@/app/_server/i18n';

/** Which file and which job the step is about, under the step's heading. */
export async function JobSummary({ job }: { job: ImportJobView }) {
  const t = await getServerT();
  return (
    <p className="muted">
      {job.fileName && <>{t('wizardRun.summary.file', { name: job.fileName })} </>}
      {job.description && <>{t('wizardRun.summary.description', { description: job.description })}</>}
    </p>
  );
}
