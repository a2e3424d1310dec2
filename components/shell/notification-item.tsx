'use client';

import { useId, type MouseEvent } from 'react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useTranslation } from 'react-i18next';
import { wizardRoutes } from '@/lib/import/wizard/routes';
import type { NotificationView } from '@/lib/notifications/view';

interface Props {
  notification: NotificationView;
  onView: (id: string) => Promise<void>;
}

/** One notification: its text in the reader's language, its time, and View (marks it read). */
export function NotificationItem({ notification, onView }: Props) {
  const { t, i18n } = useTranslation();
  const router = useRouter();
  const textId = useId();
  const { id, kind, params, jobId, createdAt, readAt } = notification;
  const href = jobId ? wizardRoutes.job(jobId) : null;

  const view = (event: MouseEvent<HTMLAnchorElement>) => {
    // A new tab or window: the link goes on by itself, the mark is sent alongside.
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || !href) {
      void onView(id);
      return;
    }
    // Marked before leaving, so the job page is reached with the count already down.
    event.preventDefault();
    void onView(id).finally(() => router.push(href));
  };

  const time = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(createdAt));
  return (
    <li className={readAt ? 'notification' : 'notification unread'}>
      <p id={textId} className="notification-text">
        {!readAt && <span className="visually-hidden">{t('notifications.unread')} </span>}
        {t(`jobs.notifications.${kind}`, params)}
      </p>
      <div className="notification-meta">
        <time dateTime={createdAt} className="muted">{time}</time>
        {href && <Link href={href} aria-describedby={textId} onClick={view}>{t('notifications.view')}</Link>}
      </div>
    </li>
  );
}
