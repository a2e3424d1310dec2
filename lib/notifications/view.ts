import type { NotificationRow } from '../../db/queries/notifications';

/** What the bell shows of one notification: plain data, the text is made in the reader's language. */
export interface NotificationView {
  id: string;
  /** The i18n key of its text, `jobs.notifications.<kind>`, with `params`. */
  kind: NotificationRow['kind'];
  params: Record<string, string | number>;
  jobId: string | null;
  /** ISO 8601 times: the same on the server and in the browser. */
  createdAt: string;
  readAt: string | null;
}

export interface MyNotifications {
  items: NotificationView[];
  unreadCount: number;
}

export function toNotificationView(row: NotificationRow): NotificationView {
  return {
    id: row.id, kind: row.kind, params: row.params, jobId: row.jobId,
    createdAt: row.createdAt.toISOString(), readAt: row.readAt?.toISOString() ?? null,
  };
}
