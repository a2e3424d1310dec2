'use client';

import { useTranslation } from 'react-i18next';
import type { ImportJobView } from '@/lib/import/jobs/job-view';
import { ProgressBar } from '@/components/import/wizard/run/progress-bar';
import { useJobPolling } from '@/components/import/wizard/run/use-job-polling';

/** A bulk fix or an undo being applied: its progress, live; the page is read again when it ends. */
export function FixingProgress({ initial }: { initial: ImportJobView }) {
  const { t } = useTranslation();
  const { job } = useJobPolling(initial, 'fixing');
  return (
    <section aria-labelledby="fixing-progress-title">
      <h3 id="fixing-progress-title">{t('workbench.fixing.title')}</h3>
      <p>{t('workbench.fixing.hint')}</p>
      <ProgressBar label={t('workbench.fixing.progressLabel')} done={job.progress.done} total={job.progress.total} />
    </section>
  );
}
