'use client';

import { useEffect, useState } from 'react';
import { useRouter } from 'next/navigation';
import type { ImportJobView } from '@/lib/jobs/job-view';
import { getImportJobAction } from '@/app/(app)/imports/jobs/actions';
import { isImporting, isValidating } from './job-phase';

/** The job as last read, and when (ms since epoch). */
export interface JobReading {
  job: ImportJobView;
  readAt: number;
}

export type WatchedPhase = 'validating' | 'importing';
const WATCHES: Record<WatchedPhase, (job: ImportJobView) => boolean> = { validating: isValidating, importing: isImporting };

/**
 * The job, read again every `intervalMs` while it is in `phase`. When it leaves the phase the
 * server page is rendered again (it shows the result, or redirects to the next step's page).
 */
export function useJobPolling(initial: ImportJobView, phase: WatchedPhase, intervalMs = 1000): JobReading {
  const router = useRouter();
  const [reading, setReading] = useState<JobReading>(() => ({ job: initial, readAt: Date.now() }));
  const watching = WATCHES[phase](reading.job);

  useEffect(() => {
    if (!watching) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      // A tab in the background asks nothing: it catches up when shown again.
      if (document.visibilityState === 'hidden') {
        timer = setTimeout(tick, intervalMs);
        return;
      }
      try {
        const result = await getImportJobAction({ id: initial.id });
        if (stopped) return;
        if (result.ok) {
          setReading({ job: result.data, readAt: Date.now() });
          if (!WATCHES[phase](result.data)) {
            router.refresh();
            return;
          }
        } else if (result.status === 401 || result.status === 403 || result.status === 404) {
          // Signed out, or the job is no longer theirs to see: the page itself says so.
          router.refresh();
          return;
        }
      } catch {
        // A dropped connection: try again at the next tick.
      }
      if (!stopped) timer = setTimeout(tick, intervalMs);
    };
    timer = setTimeout(tick, intervalMs);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [watching, initial.id, phase, intervalMs, router]);

  return reading;
}
