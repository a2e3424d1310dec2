'use client';

import { useTranslation } from 'react-i18next';
import type { Message } from '@/lib/actions/result';
import type { MyNotifications } from '@/lib/notifications/view';
import { NotificationItem } from './notification-item';

interface Props {
  id: string;
  notifications: MyNotifications;
  error: Message | null;
  onMarkAllRead: () => Promise<void>;
  onView: (id: string) => Promise<void>;
}

/** The bell's panel: the latest notifications, newest first, and "Mark all as read". */
export function NotificationPanel({ id, notifications, error, onMarkAllRead, onView }: Props) {
  const { t } = useTranslation();
  const headingId = `${id}-heading`;
  const { items, unreadCount } = notifications;
  return (
    <section id={id} className="notification-panel" aria-labelledby={headingId}>
      <div className="notification-panel-head">
        <h2 id={headingId}>{t('notifications.title')}</h2>
        <button type="button" className="link-button" disabled={unreadCount === 0} onClick={() => void onMarkAllRead()}>
          {t('notifications.markAllRead')}
        </button>
      </div>
      {error && <p role="alert" className="form-error">{t(error.key, error.params)}</p>}
      {items.length === 0
        ? <p className="muted">{t('notifications.empty')}</p>
        : (
          <ul className="notification-list">
            {items.map((item) => <NotificationItem key={item.id} notification={item} onView={onView} />)}
          </ul>
        )}
    </section>
  );
}
