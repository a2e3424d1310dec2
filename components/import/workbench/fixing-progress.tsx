'use client';

import type { ImportJobView } from '@/lib/import/jobs/job-view';
import { StepProgress } from '@/components/import/wizard/run/step-progress';

/** A bulk fix or an undo being applied: its progress, live; the page is read again when it ends. */
export function FixingProgress({ initial }: { initial: ImportJobView }) {
  return (
    <StepProgress initial={initial} phase="fixing" id="fixing-progress-title" level={3}
      title="workbench.fixing.title" hint="workbench.fixing.hint" label="workbench.fixing.progressLabel" />
  );
}
