'use client';

import type { ImportJobView } from '@/lib/import/jobs/job-view';
import { StepProgress } from './step-progress';

/** The validation running: its progress, live, until the result is ready. */
export function ValidationProgress({ initial }: { initial: ImportJobView }) {
  return (
    <StepProgress initial={initial} phase="validating" id="validation-progress-title" level={2}
      title="wizardRun.validation.runningTitle" hint="wizardRun.validation.runningHint" label="wizardRun.validation.progressLabel" />
  );
}
