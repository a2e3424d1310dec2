'use client';

import { useTranslation } from 'react-i18next';
import type { ImportJobView } from '@/lib/import/jobs/job-view';
import { ProgressBar } from './progress-bar';
import { useJobPolling, type WatchedPhase } from './use-job-polling';

/**
 * A step of the job running (validation, a bulk fix): its title, a hint and its progress, live;
 * the page is read again when the step ends. The texts are message keys.
 */
export function StepProgress({ initial, phase, id, level, title, hint, label }: {
  initial: ImportJobView; phase: WatchedPhase; id: string; level: 2 | 3; title: string; hint: string; label: string;
}) {
  const { t } = useTranslation();
  const { job } = useJobPolling(initial, phase);
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <section aria-labelledby={id}>
      <Heading id={id}>{t(title)}</Heading>
      <p>{t(hint)}</p>
      <ProgressBar label={t(label)} done={job.progress.done} total={job.progress.total} />
    </section>
  );
}
