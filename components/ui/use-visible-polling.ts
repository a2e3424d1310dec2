'use client';

import { useEffect } from 'react';

/**
 * Calls `read` every `intervalMs` while `enabled` and the tab is visible; a hidden tab asks
 * nothing and reads at once when shown again. `read` answers whether to go on polling.
 * Keep `read` stable (useCallback): a new one restarts the polling.
 */
export function useVisiblePolling(read: () => Promise<boolean>, intervalMs: number, enabled = true): void {
  useEffect(() => {
    if (!enabled) return;
    let stopped = false;
    let inFlight = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const visible = () => document.visibilityState !== 'hidden';
    const tick = async () => {
      clearTimeout(timer);
      if (stopped || inFlight || !visible()) return;
      inFlight = true;
      const goOn = await read().catch(() => true); // a dropped connection: the next tick tries again
      inFlight = false;
      if (!goOn) stopped = true;
      if (!stopped && visible()) timer = setTimeout(tick, intervalMs);
    };
    const onVisibilityChange = () => (visible() ? void tick() : clearTimeout(timer));
    document.addEventListener('visibilitychange', onVisibilityChange);
    timer = setTimeout(tick, intervalMs);
    return () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibilityChange);
    };
  }, [read, intervalMs, enabled]);
}
