'use client';

import { useCallback, useRef, useState } from 'react';
import { useVisiblePolling } from '@/components/ui/use-visible-polling';
import type { MyNotifications, NotificationView } from '@/lib/notifications/view';
import { listMyNotificationsAction } from '@/app/(app)/notifications/actions';

export const NOTIFICATION_POLL_MS = 5000;

/**
 * The reader's notifications, read again every `intervalMs` while the tab is visible (a hidden
 * tab asks nothing and catches up as soon as it is shown). `arrived`: those that came with the
 * last reading and were not there before, to announce them.
 */
export function useNotificationPolling(initial: MyNotifications, intervalMs = NOTIFICATION_POLL_MS) {
  const [data, setData] = useState(initial);
  const [arrived, setArrived] = useState<NotificationView[]>([]);
  const known = useRef(new Set(initial.items.map((item) => item.id)));
  // A server render of the layout (router.refresh, navigation) brings a fresher reading.
  const [rendered, setRendered] = useState(initial);
  if (rendered !== initial) {
    setRendered(initial);
    setData(initial);
  }

  const accept = useCallback((next: MyNotifications) => {
    const fresh = next.items.filter((item) => !known.current.has(item.id) && !item.readAt);
    for (const item of next.items) known.current.add(item.id);
    setData(next);
    if (fresh.length > 0) setArrived(fresh);
  }, []);

  /** Reads now; false when the reader is signed out or may not read (no use asking again). */
  const refresh = useCallback(async (): Promise<boolean> => {
    try {
      const result = await listMyNotificationsAction();
      if (result.ok) accept(result.data);
      return result.ok || (result.status !== 401 && result.status !== 403);
    } catch {
      return true; // A dropped connection: the next tick tries again.
    }
  }, [accept]);

  useVisiblePolling(refresh, intervalMs);

  return { data, setData, arrived, refresh };
}
