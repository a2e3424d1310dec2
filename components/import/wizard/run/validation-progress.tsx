'use client';

import { useTranslation } from 'react-i18next';
import type { ImportJobView } from '@/lib/import/jobs/job-view';
import { ProgressBar } from './progress-bar';
import { useJobPolling } from './use-job-polling';

/** The validation running: its progress, live, until the result is ready. */
export function ValidationProgress({ initial }: { initial: ImportJobView }) {
  const { t } = useTranslation();
  const { job } = useJobPolling(initial, 'validating');
  return (
    <section aria-labelledby="validation-progress-title">
      <h2 id="validation-progress-title">{t('wizardRun.validation.runningTitle')}</h2>
      <p>{t('wizardRun.validation.runningHint')}</p>
      <ProgressBar label={t('wizardRun.validation.progressLabel')} done={job.progress.done} total={job.progress.total} />
    </section>
  );
}
