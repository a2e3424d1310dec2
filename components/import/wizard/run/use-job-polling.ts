'use client';

import { useCallback, useState } from 'react';
import { useVisiblePolling } from '@/components/ui/use-visible-polling';
import { useRouter } from 'next/navigation';
import type { ImportJobView } from '@/lib/import/jobs/job-view';
import { getImportJobAction } from '@/app/(app)/imports/jobs/actions';
import { isFixing, isImporting, isValidating } from './job-phase';

/** The job as last read, and when (ms since epoch). */
export interface JobReading {
  job: ImportJobView;
  readAt: number;
}

export type WatchedPhase = 'validating' | 'importing' | 'fixing';
const WATCHES: Record<WatchedPhase, (job: ImportJobView) => boolean> = {
  validating: isValidating, importing: isImporting, fixing: isFixing,
};

/**
 * The job, read again every `intervalMs` while it is in `phase`. When it leaves the phase the
 * server page is rendered again (it shows the result, or redirects to the next step's page).
 */
export function useJobPolling(initial: ImportJobView, phase: WatchedPhase, intervalMs = 1000): JobReading {
  const router = useRouter();
  const [reading, setReading] = useState<JobReading>(() => ({ job: initial, readAt: Date.now() }));
  const watching = WATCHES[phase](reading.job);

  const read = useCallback(async (): Promise<boolean> => {
    const result = await getImportJobAction({ id: initial.id });
    if (result.ok) {
      setReading({ job: result.data, readAt: Date.now() });
      if (WATCHES[phase](result.data)) return true;
    } else if (result.status !== 401 && result.status !== 403 && result.status !== 404) {
      return true;
    }
    // The step ended (the page shows the result, or moves on), or the reader was signed out or
    // may no longer see the job: the page itself says so.
    router.refresh();
    return false;
  }, [initial.id, phase, router]);
  useVisiblePolling(read, intervalMs, watching);

  return reading;
}
