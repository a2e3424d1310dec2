'use client';

import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Message } from '@/lib/actions/result';
import type { MyNotifications } from '@/lib/notifications/view';
import { markAllNotificationsReadAction, markNotificationReadAction } from '@/app/(app)/notifications/actions';
import { NotificationPanel } from './notification-panel';
import { useNotificationPolling } from './notification-polling';

/**
 * The bell of the header: the unread count, and a disclosure listing the latest notifications.
 * Escape or a click elsewhere closes it.
 */
export function NotificationBell({ initial }: { initial: MyNotifications }) {
  const { t, i18n } = useTranslation();
  const { data, setData, arrived, refresh } = useNotificationPolling(initial);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<Message | null>(null);
  const container = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  const { unreadCount } = data;

  useEffect(() => {
    if (!open) return;
    const closeOutside = (event: PointerEvent) => {
      if (!container.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', closeOutside);
    return () => document.removeEventListener('pointerdown', closeOutside);
  }, [open]);

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && open) {
      event.stopPropagation();
      close();
    }
  };
  const toggle = () => {
    setError(null);
    if (!open) void refresh();
    setOpen(!open);
  };

  const markRead = async (id: string) => {
    const now = new Date().toISOString();
    setData((current) => ({
      unreadCount: Math.max(0, current.unreadCount - (current.items.some((n) => n.id === id && !n.readAt) ? 1 : 0)),
      items: current.items.map((n) => (n.id === id && !n.readAt ? { ...n, readAt: now } : n)),
    }));
    try {
      const result = await markNotificationReadAction({ id });
      if (result.ok) setData((current) => ({ ...current, unreadCount: result.data.unreadCount }));
    } catch {
      // Left unread: the next reading shows it so.
    }
  };
  const markAllRead = async () => {
    setError(null);
    const result = await markAllNotificationsReadAction();
    if (!result.ok) {
      setError(result.error);
      return;
    }
    const now = new Date().toISOString();
    setData((current) => ({ unreadCount: 0, items: current.items.map((n) => (n.readAt ? n : { ...n, readAt: now })) }));
  };

  const count = new Intl.NumberFormat(i18n.language).format(unreadCount);
  return (
    <div className="notification-bell" ref={container} onKeyDown={onKeyDown}>
      <button
        ref={button}
        type="button"
        className="notification-button"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        aria-label={unreadCount > 0 ? t('notifications.bellUnread', { count: unreadCount }) : t('notifications.bell')}
        onClick={toggle}
      >
        <svg aria-hidden="true" focusable="false" width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2">
          <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
          <path d="M13.73 21a2 2 0 0 1-3.46 0" />
        </svg>
        {unreadCount > 0 && <span className="notification-count" aria-hidden="true">{unreadCount > 99 ? '99+' : count}</span>}
      </button>
      {open && (
        <NotificationPanel
          id={panelId}
          notifications={data}
          error={error}
          onMarkAllRead={markAllRead}
          onView={(id) => {
            setOpen(false);
            return markRead(id);
          }}
        />
      )}
      <p className="visually-hidden" aria-live="polite">
        {arrived.map((n) => t(`jobs.notifications.${n.kind}`, n.params)).join(' ')}
      </p>
    </div>
  );
}
