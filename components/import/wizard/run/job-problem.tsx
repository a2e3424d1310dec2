import type { ImportJobView } from '@/lib/import/jobs/job-view';
import { jobErrorKey } from '@/lib/import/jobs/job-errors';
import { getServerT } from '@/app/_server/i18n';

/**
 * A failed job's error in plain words with its code (to quote to an administrator), or the
 * cancelled notice. The database's own text is never shown: it is in the server log.
 */
export async function JobProblem({ job }: { job: ImportJobView }) {
  const t = await getServerT();
  if (job.status === 'failed') {
    const code = job.error?.code;
    return (
      <div role="alert" className="notice run-problem">
        <h2>{t('wizardRun.state.failedTitle')}</h2>
        <p>{t(jobErrorKey(code))}</p>
        {code && <p className="muted">{t('wizardRun.state.errorCode', { code })}</p>}
      </div>
    );
  }
  if (job.status === 'cancelled') {
    const afterImport = job.step === 'importing';
    return (
      <p role="status" className="notice">
        {afterImport ? t('wizardRun.state.cancelledImporting') : t('wizardRun.state.cancelled')}
      </p>
    );
  }
  return null;
}
