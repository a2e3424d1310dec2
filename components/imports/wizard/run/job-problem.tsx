import type { ImportJobView } from '@/lib/jobs/job-view';
import { getServerT } from '@/lib/i18n/request';

const KNOWN_ERRORS = new Set(['validationFailed', 'importFailed', 'countersInvariant']);

/** A failed job's error in plain words (and the technical message for admins), or the cancelled notice. */
export async function JobProblem({ job }: { job: ImportJobView }) {
  const t = await getServerT();
  if (job.status === 'failed') {
    const code = job.error?.code;
    return (
      <div role="alert" className="notice run-problem">
        <h2>{t('wizardRun.state.failedTitle')}</h2>
        <p>{code && KNOWN_ERRORS.has(code) ? t(`jobs.errors.${code}`) : t('wizardRun.state.failedUnknown')}</p>
        {job.error?.message && (
          <p className="muted break-all">{t('wizardRun.state.technical', { message: job.error.message })}</p>
        )}
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
