'use client';

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportJobView } from '@/lib/import/jobs/job-view';
import { ProgressBar } from './progress-bar';
import { estimateSecondsLeft, formatDuration, type ProgressSample } from './time-left';
import { useJobPolling } from './use-job-polling';

/** The import running: rows done of the total and the time left at the rate seen so far, live. */
export function ImportProgress({ initial }: { initial: ImportJobView }) {
  const { t, i18n } = useTranslation();
  const { job, readAt } = useJobPolling(initial, 'importing');
  const { done, total } = job.progress;
  // The rate is measured from the first reading that knew the total (the step had begun).
  const [first, setFirst] = useState<ProgressSample | null>(null);
  if (total > 0 && first === null) setFirst({ at: readAt, done });
  const seconds = first ? estimateSecondsLeft(first, { at: readAt, done }, total) : null;
  return (
    <section aria-labelledby="import-progress-title">
      <h2 id="import-progress-title">{t('wizardRun.import.runningTitle')}</h2>
      <p>{t('wizardRun.import.runningHint')}</p>
      <ProgressBar label={t('wizardRun.import.progressLabel')} done={done} total={total} />
      <p className="muted">
        {seconds === null
          ? t('wizardRun.import.estimating')
          : t('wizardRun.import.timeLeft', { time: formatDuration(seconds, i18n.language) })}
      </p>
    </section>
  );
}
